import {
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import { InferenceEngine } from './engine';
import { INFERENCE_OPTIONS, type InferenceModuleOptions } from './inference.options';

export interface InferenceModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  readonly useFactory: (...args: never[]) => InferenceModuleOptions | Promise<InferenceModuleOptions>;
  readonly inject?: Array<InjectionToken | OptionalFactoryDependency>;
}

/**
 * Provides the one InferenceEngine of the process (global). The engine starts loading when the module
 * initialises without holding up boot: readiness reports 'loading' until the model is ready, 'failed' with
 * the reason if it cannot load, and it is disposed on application shutdown (enableShutdownHooks).
 */
@Module({})
export class InferenceModule {
  static forRoot(options: InferenceModuleOptions): DynamicModule {
    return {
      module: InferenceModule,
      global: true,
      providers: [
        { provide: INFERENCE_OPTIONS, useValue: options },
        {
          provide: InferenceEngine,
          useFactory: (resolved: InferenceModuleOptions) => new InferenceEngine(resolved),
          inject: [INFERENCE_OPTIONS],
        },
      ],
      exports: [InferenceEngine, INFERENCE_OPTIONS],
    };
  }

  static forRootAsync(options: InferenceModuleAsyncOptions): DynamicModule {
    return {
      module: InferenceModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: INFERENCE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        {
          provide: InferenceEngine,
          useFactory: (resolved: InferenceModuleOptions) => new InferenceEngine(resolved),
          inject: [INFERENCE_OPTIONS],
        },
      ],
      exports: [InferenceEngine, INFERENCE_OPTIONS],
    };
  }
}
