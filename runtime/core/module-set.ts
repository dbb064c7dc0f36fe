import type { ControlRoute, ProtocolBinding, RuntimeContext, ServiceFactory, ServiceModule } from './service-module';

/**
 * The runtime's service modules in list order, and the order rules of their lifecycle in one place:
 * start in list order; reset, drain and close newest first (a module stops before what it depends on).
 */
export class ModuleSet {
  private constructor(private readonly modules: ServiceModule[]) {}

  /**
   * Builds every module in order and registers its services at once, so a later module may call them while
   * it builds; if one fails, those already built are closed before the error is rethrown.
   */
  static async build<O>(factories: readonly ServiceFactory<O>[], ctx: RuntimeContext, options: O): Promise<ModuleSet> {
    const set = new ModuleSet([]);
    try {
      for (const factory of factories) {
        const module = await factory(ctx, options);
        set.modules.push(module);
        for (const service of module.services) ctx.dispatcher.register(service);
      }
    } catch (e) {
      await set.close();
      throw e;
    }
    return set;
  }

  get bindings(): ProtocolBinding[] {
    return this.modules.flatMap((m) => m.bindings ?? []);
  }

  get controlRoutes(): ControlRoute[] {
    return this.modules.flatMap((m) => m.controlRoutes ?? []);
  }

  async start(): Promise<void> {
    for (const m of this.modules) await m.start?.();
  }

  async reset(): Promise<void> {
    for (const m of this.newestFirst()) await m.reset?.();
  }

  async drain(): Promise<void> {
    for (const m of this.newestFirst()) await m.drain?.();
  }

  async close(): Promise<void> {
    for (const m of this.newestFirst()) await m.close?.();
  }

  private newestFirst(): ServiceModule[] {
    return [...this.modules].reverse();
  }
}
