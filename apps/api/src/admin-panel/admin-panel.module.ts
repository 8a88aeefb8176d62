import fs from 'node:fs';
import path from 'node:path';
import { Logger, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express } from 'express';
import { findAdminDist } from './admin-panel.files';
import { adminPanelHandlers } from './admin-panel.handlers';

/**
 * Serves the admin panel (apps/admin/dist) at `/` with a fallback to index.html for client-side routes.
 * Mounted in onModuleInit, which runs once the controllers' routes are registered and before Nest's 404
 * handler: /api, /webhooks, /health and /metrics always reach the server first.
 */
@Module({})
export class AdminPanelModule implements OnModuleInit {
  private readonly logger = new Logger(AdminPanelModule.name);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter as HttpAdapterHost['httpAdapter'] | undefined;
    if (!adapter) return; // an application context without HTTP
    const dist = findAdminDist();
    adapter.getInstance<Express>().use(...adminPanelHandlers(dist));
    if (!fs.existsSync(path.join(dist, 'index.html')))
      this.logger.warn(
        `admin panel not built (${dist}): / answers 503 until it is (bash scripts/build-admin.sh)`,
      );
  }
}
