import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { bearerAuth, optionsFromEnv } from 'bearer-guard/express';
import { OrdersController } from './orders.controller';

@Module({ controllers: [OrdersController] })
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Issuer and audience from BEARER_GUARD_ISSUER and BEARER_GUARD_AUDIENCE; a missing one throws here, at startup.
    const auth = bearerAuth(optionsFromEnv());
    consumer.apply(auth, auth.requireScopes('orders:read')).forRoutes({ path: 'orders', method: RequestMethod.GET });
  }
}
