import { Controller, Get, Req } from '@nestjs/common';
import type { Request } from 'express';

@Controller('orders')
export class OrdersController {
  /** Reached only with a valid token carrying `orders:read` (see AppModule). */
  @Get()
  list(@Req() req: Request): { subject: string | undefined; orders: unknown[] } {
    return { subject: req.auth?.subject, orders: [] };
  }
}
