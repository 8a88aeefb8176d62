import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ensureDefaultMetrics, metricsRegistry } from '@cria/core';

/** Prometheus metrics of this process (HTTP, queues, inference per tenant when the worker runs here). */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor() {
    ensureDefaultMetrics();
  }

  @Get()
  @Header('Content-Type', metricsRegistry.contentType)
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
