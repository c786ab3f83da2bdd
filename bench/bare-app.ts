/** The ceiling for bench:api: a bare NestJS-on-Fastify route, nothing behind it. */
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

@Controller()
class BareController {
  @Post('bare')
  @HttpCode(200)
  echo(@Body() body: Record<string, unknown>) {
    return { ok: true, fields: Object.keys(body ?? {}).length };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main() {
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), {
    logger: ['error'],
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  process.stdout.write('ready\n');
}

void main();
