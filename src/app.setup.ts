import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express, { NextFunction, Response } from 'express';
import helmet from 'helmet';
import type { AppRequest } from './common/http/app-request';
import { SessionCheckFastPath } from './auth/session-check.fast-path';
import { DomainError } from './common/errors/domain-error';
import { fixedHeaders } from './common/http/fixed-headers';
import { IdleCollector } from './common/lifecycle/idle-collector';
import { AppLogger } from './common/logging/app-logger';
import { AppConfig } from './config/app-config';
import { MetricsService } from './health/metrics.service';
import { OidcMount } from './oidc/oidc-mount';

type Middleware = (req: AppRequest, res: Response, next: NextFunction) => void;

/** Body-parser errors become contract errors here, before the framework can flatten them. */
function parserWithContractErrors(parser: Middleware): Middleware {
  return (req, res, next) =>
    parser(req, res, (err?: unknown) => {
      if (!err) return next();
      const type = (err as { type?: string }).type;
      if (type === 'entity.too.large') return next(new DomainError('payload_too_large'));
      if (type === 'entity.parse.failed') return next(new DomainError('validation_failed', { fields: [{ field: 'body', message: 'json' }] }));
      if (type === 'encoding.unsupported' || type === 'charset.unsupported') return next(new DomainError('unsupported_media_type'));
      return next(new DomainError('bad_request'));
    });
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Everything that makes a Nest application this service: used by main.ts and by the tests alike. */
export function configureApp(nest: INestApplication, config: AppConfig): INestApplication {
  const app = nest as NestExpressApplication;
  const logger = app.get(AppLogger);
  const metrics = app.get(MetricsService);
  const idle = app.get(IdleCollector);
  app.useLogger(logger);
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');

  app.use((req: AppRequest, res: Response, next: NextFunction) => {
    idle.noteRequest();
    const incoming = req.headers['x-request-id'];
    req.id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = req.routeLabel ?? (req.route?.path ? `${req.baseUrl ?? ''}${req.route.path}` : 'unmatched');
      metrics.observeHttp(req.method, route, res.statusCode, seconds);
      // The path only: query strings may carry tokens.
      logger.pino.info({ reqId: req.id, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000) }, 'request');
    });
    try {
      decodeURIComponent(req.path);
    } catch {
      return next(Object.assign(new URIError('malformed URL'), { status: 400 }));
    }
    next();
  });

  // helmet with literal options sets the same headers on every request: replayed, not recomputed.
  const docsCsp = fixedHeaders(
    helmet({
      contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], scriptSrc: ["'self'"], imgSrc: ["'self'", 'data:'] } },
    }),
  );
  const strict = fixedHeaders(helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: config.secureCookies,
  }));
  app.use((req: AppRequest, res: Response, next: NextFunction) => (req.path.startsWith('/docs') ? docsCsp : strict)(req, res, next));

  // The session check, answered before the router and the parsers when it can be (see the class).
  app.use(app.get(SessionCheckFastPath).middleware());
  // Single sign-on endpoints read their own bodies: mounted before the parsers.
  app.use(app.get(OidcMount).middleware());
  app.use(parserWithContractErrors(express.json({ limit: '64kb', strict: true, type: ['application/json', 'application/*+json'] })));
  app.use(parserWithContractErrors(express.urlencoded({ extended: false, limit: '64kb' })));
  app.use(cookieParser());

  // Built on the first request for it, not at start: the document is large and rarely read.
  const document = () =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Access and recovery service')
        .setDescription('Sign-in, sessions, password recovery and administration. See the README and docs/.')
        .setVersion('1.0')
        .addBearerAuth()
        .addCookieAuth('sid')
        .build(),
    );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  // Signals are handled by installGracefulShutdown (main.ts), which exits 0 after a clean stop.
  return app;
}
