// The second major versions under test are installed under npm aliases; they share the types of
// the current majors (the parts bearer-guard uses did not change between them).
declare module 'koa2' {
  import Koa from 'koa';
  export = Koa;
}

declare module 'express4' {
  import express from 'express';
  export = express;
}
