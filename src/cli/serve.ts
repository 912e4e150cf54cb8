// `reglament serve`: the HTTP server over the durable host (placeholder until the engine lands).
import Fastify from 'fastify';

export async function run(_argv: string[]): Promise<number> {
  const app = Fastify({ logger: true });
  app.get('/engine-rest/engine', async () => [{ name: 'default' }]);
  await app.listen({ port: Number(process.env.PORT ?? 8080), host: process.env.HOST ?? '0.0.0.0' });
  return new Promise<number>(() => {});
}
