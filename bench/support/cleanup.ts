/** Cleanup steps run once, last registered first, whether the run ends, fails or is interrupted. */
export class Cleanup {
  private readonly steps: { name: string; fn: () => Promise<void> | void }[] = [];
  private running: Promise<void> | null = null;

  add(name: string, fn: () => Promise<void> | void): void {
    this.steps.push({ name, fn });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of [...this.steps].reverse()) {
        try {
          await step.fn();
        } catch (error) {
          process.stderr.write(`cleanup: ${step.name} failed: ${(error as Error).message}\n`);
        }
      }
    })();
    return this.running;
  }
}
