/**
 * CDK's built-in template validation (CloudFormation Validate, `@aws-cdk/core:validateAgainstDefaultRules`), run
 * on worker threads while the app is still synthesizing.
 *
 * CDK validates every template after synthesis, on the main thread: it builds the validation engine (about
 * 1.5 s of WebAssembly: resource schemas and rules), then validates the templates one after the other. That was
 * 40–60% of a `cdk synth`, with the other core idle. This plugin is CDK's own {@link CloudFormationValidatePlugin}
 * (so CDK registers it instead of its default one, names its findings `CloudFormation-Validate::<rule>` and
 * treats errors exactly as before), with one difference: the engine it hands CDK's validation loop is a front
 * for engines on worker threads. They start building when the landing zone starts being declared, and each
 * template goes to them the moment its stack's synthesizer has written it, so validation overlaps the rest of
 * the synthesis and the cdk-nag packs. CDK's loop and its mapping of diagnostics to findings are unchanged, and
 * a report is used only when it was computed with the options CDK asks for and from the very content CDK hands
 * over; anything else (a stack this plugin did not see, other options in a later CDK) is validated on demand.
 */
import { CloudFormationValidatePlugin, Stack, Token, type IPolicyValidationContext, type ISynthesisSession, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import * as crypto from 'crypto';
import * as path from 'path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'worker_threads';

type ValidateOptions = Record<string, unknown>;
interface Job {
  readonly key: string;
  readonly templatePath: string;
  readonly options: ValidateOptions;
}
interface Reply {
  readonly ready?: boolean;
  readonly key?: string;
  readonly sha256?: string;
  readonly report?: unknown;
  readonly error?: string;
}

/**
 * The options aws-cdk-lib 2.276 passes for every template, bar the pseudo parameters: templates validated before
 * CDK asks use them. If a later CDK asks otherwise, those reports go unused and every template is validated with
 * CDK's options instead (slower, never wrong); a test fails so this can be brought up to date.
 */
export const EXPECTED_CDK_OPTIONS: ValidateOptions = {
  detailLevel: 'STANDARD',
  exclude: { ids: ['W3005', 'W1020', 'I4010', 'W4011', 'W4012', 'W9002', 'W9013', 'W1103'], services: [{ ruleId: 'W3697', service: 'AWS::AutoScaling' }] },
  severityLevel: 'WARN',
};

/** No reply from any worker for this long means one stopped (a crash cannot be observed while waiting). */
const STALL_MS = 300_000;
/** Jobs beyond this many in one synth are validated on demand (each job has a claim slot in shared memory). */
const MAX_JOBS = 65_536;

/** JSON with sorted keys, so equal options give equal keys whatever order they were built in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
const keyOf = (templatePath: string, options: ValidateOptions) => `${path.resolve(templatePath)}\n${canonical(options)}`;
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** Engines on worker threads; every job is offered to all of them and the first free one claims it. */
class ValidationPool {
  private readonly signal = new SharedArrayBuffer(4);
  private readonly counter = new Int32Array(this.signal);
  private readonly claims = new SharedArrayBuffer(4 * MAX_JOBS);
  private readonly ports: MessagePort[] = [];
  private readonly workers: Worker[] = [];
  /** Offered jobs, by key: whether they were offered ahead (as their stack was written) or when CDK asked. */
  private readonly submitted = new Map<string, 'ahead' | 'onDemand'>();
  private readonly results = new Map<string, Reply>();
  private failedWorkers = 0;
  private jobs = 0;
  /** Reports used as computed ahead, and templates validated when CDK asked (the tests read both). */
  readonly stats = { ahead: 0, onDemand: 0 };

  constructor(count: number) {
    const cdkLibDir = path.dirname(require.resolve('aws-cdk-lib/package.json'));
    for (let i = 0; i < count; i++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(path.join(__dirname, 'template-validation-worker.js'), {
        workerData: { port: port2, signal: this.signal, claims: this.claims, cdkLibDir },
        transferList: [port2],
      });
      // Neither keeps a finished (or failed) synth alive.
      worker.unref();
      port1.unref();
      this.workers.push(worker);
      this.ports.push(port1);
    }
  }

  /** Offers `job` to the workers, unless it was offered already or the claim slots are used up. */
  submit(job: Job, when: 'ahead' | 'onDemand'): boolean {
    if (this.submitted.has(job.key)) return true;
    if (this.jobs >= MAX_JOBS) return false;
    this.submitted.set(job.key, when);
    const message = { ...job, index: this.jobs++ };
    for (const port of this.ports) port.postMessage(message);
    return true;
  }

  /** The report of `job` for `content`, waiting synchronously (as CDK's validation loop runs) for a worker. */
  take(job: Job, content: string): unknown {
    let reply = this.wait(job);
    if (reply.sha256 !== undefined && reply.sha256 !== sha256(content)) {
      // The file changed after it was validated: validate what CDK has now.
      this.submitted.delete(job.key);
      reply = this.wait(job);
    }
    if (reply.error !== undefined) throw new Error(`CloudFormation Validate failed on ${job.templatePath}: ${reply.error}`);
    return reply.report;
  }

  stop(): void {
    for (const port of this.ports) port.postMessage({ stop: true });
    for (const worker of this.workers) void worker.terminate();
  }

  private wait(job: Job): Reply {
    if (!this.submit(job, 'onDemand')) throw new Error(`CloudFormation Validate: more than ${MAX_JOBS} templates in one synth`);
    let since = Date.now();
    for (;;) {
      const seen = Atomics.load(this.counter, 0);
      if (this.drain()) since = Date.now();
      const reply = this.results.get(job.key);
      if (reply) {
        this.results.delete(job.key);
        this.stats[this.submitted.get(job.key) ?? 'onDemand']++;
        this.submitted.delete(job.key);
        return reply;
      }
      if (this.failedWorkers === this.workers.length) throw new Error('CloudFormation Validate: no validation worker could start its engine');
      if (Date.now() - since > STALL_MS) throw new Error(`CloudFormation Validate: no worker answered for ${STALL_MS / 1000} s (waiting for ${job.templatePath})`);
      Atomics.wait(this.counter, 0, seen, 1000);
    }
  }

  private drain(): boolean {
    let any = false;
    for (const port of this.ports) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        any = true;
        const reply = m.message as Reply;
        if (reply.ready === false) {
          this.failedWorkers++;
          process.stderr.write(`CloudFormation Validate worker could not start: ${reply.error}\n`);
        } else if (reply.key !== undefined) this.results.set(reply.key, reply);
      }
    }
    return any;
  }
}

/** CDK's CloudFormation Validate plugin, validating each template on worker threads as soon as it is written. */
export class ParallelTemplateValidation extends CloudFormationValidatePlugin {
  private pool?: ValidationPool;
  private context?: IPolicyValidationContext;
  private learned = false;
  private readonly totals = { ahead: 0, onDemand: 0 };

  /**
   * @param workers engines on worker threads. @default 1 (each engine holds its own copy of the resource
   *   schemas, 300–400 MB; one engine next to the main thread already keeps both cores busy)
   */
  constructor(private readonly workers = 1) {
    super();
    this.pool = new ValidationPool(workers);
    // CDK's loop asks a private method for its engine; shadowing it on the instance hands CDK the pool's front
    // (the method is private in the typings, so it is set here rather than declared).
    Object.defineProperty(this, 'initializeEngine', { value: () => this.engineFront() });
  }

  /** Reports computed ahead and used, and templates validated only when CDK asked. */
  get stats(): { readonly ahead: number; readonly onDemand: number } {
    const live = this.pool?.stats ?? { ahead: 0, onDemand: 0 };
    return { ahead: this.totals.ahead + live.ahead, onDemand: this.totals.onDemand + live.onDemand };
  }

  /**
   * Sends each stack's template under `scope` (nested stages included) to the workers once its synthesizer has
   * written it. Stacks added later are validated on demand.
   */
  watch(scope: IConstruct): void {
    for (const c of scope.node.findAll()) {
      if (!Stack.isStack(c)) continue;
      const synthesizer = c.synthesizer;
      const write = synthesizer.synthesize.bind(synthesizer);
      synthesizer.synthesize = (session: ISynthesisSession) => {
        write(session);
        const known = (v: string) => (Token.isUnresolved(v) ? undefined : v);
        const options = { ...EXPECTED_CDK_OPTIONS, pseudoParameterOverrides: { accountId: known(c.account), region: known(c.region) } };
        const templatePath = path.join(session.outdir, c.templateFile);
        this.pool?.submit({ key: keyOf(templatePath, options), templatePath, options }, 'ahead');
      };
    }
  }

  override validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    this.context = context;
    this.learned = false;
    this.pool ??= new ValidationPool(this.workers);
    try {
      return super.validate(context);
    } finally {
      this.totals.ahead += this.pool.stats.ahead;
      this.totals.onDemand += this.pool.stats.onDemand;
      this.pool.stop();
      this.pool = undefined;
      this.context = undefined;
    }
  }

  override _dispose(): void {
    this.pool?.stop();
    this.pool = undefined;
    super._dispose();
  }

  private engineFront() {
    return {
      validateTemplate: (template: { readonly name: string; readonly content: string }, options: ValidateOptions & { pseudoParameterOverrides?: object }) => {
        const pool = this.pool!;
        if (!this.learned) {
          // CDK's first call shows its options (only the pseudo parameters change per stack): offer every
          // template not already offered with exactly those.
          this.learned = true;
          for (const t of this.context?.stackTemplates ?? []) {
            const o = { ...options, pseudoParameterOverrides: { accountId: t.accountId, region: t.region } };
            pool.submit({ key: keyOf(t.templatePath, o), templatePath: t.templatePath, options: o }, 'onDemand');
          }
        }
        return pool.take({ key: keyOf(template.name, options), templatePath: template.name, options }, template.content);
      },
      free: () => undefined,
    };
  }
}

/** True when CDK would run its built-in template validation (`CDK_VALIDATION=false` turns it off, as in the tests). */
export function builtinTemplateValidationOn(): boolean {
  return process.env.CDK_VALIDATION !== 'false';
}
