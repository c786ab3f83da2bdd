/** The ceiling for bench:audit's history: a bare NestJS-on-Fastify GET answering BODY_FILE's JSON. */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';

const body: unknown = JSON.parse(readFileSync(process.env.BODY_FILE!, 'utf8'));

@Controller()
class BareController {
  @Get('bare')
  get() {
    return body;
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
