/**
 * The calls the handler makes to services whose SDK v3 clients are not in this repository's dependencies
 * (S3, Lambda, Auto Scaling, Elastic Load Balancing v2). The Node.js 22 Lambda runtime ships every
 * `@aws-sdk/client-*`, so in production they are loaded there; tests pass a recording fake. EC2 and IAM
 * are called through their clients directly (tested with aws-sdk-client-mock).
 */
export type Service = 'S3' | 'Lambda' | 'AutoScaling' | 'ElasticLoadBalancingV2';

export interface ServiceCalls {
  /** One API call; `region` overrides the function's own (evidence goes to the home region). */
  call(service: Service, operation: string, input: Record<string, unknown>, region?: string): Promise<any>;
}

/** Error names meaning "nothing there" for the Get calls, which the handler records as `null`. */
export const NOT_FOUND = new Set(['NoSuchBucketPolicy', 'NoSuchPublicAccessBlockConfiguration', 'ResourceNotFoundException']);

const PACKAGES: Record<Service, () => any> = {
  // Literal requires, so esbuild leaves each as an external the runtime resolves.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  S3: () => require('@aws-sdk/client-s3'),
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  Lambda: () => require('@aws-sdk/client-lambda'),
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  AutoScaling: () => require('@aws-sdk/client-auto-scaling'),
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ElasticLoadBalancingV2: () => require('@aws-sdk/client-elastic-load-balancing-v2'),
};

/** The runtime's SDK clients, created once per service and region. */
export function runtimeServiceCalls(): ServiceCalls {
  const clients = new Map<string, any>();
  return {
    async call(service, operation, input, region) {
      const mod = PACKAGES[service]();
      const key = `${service}:${region ?? ''}`;
      if (!clients.has(key)) clients.set(key, new mod[`${service}Client`]({ region, maxAttempts: 5 }));
      return clients.get(key).send(new mod[`${operation}Command`](input));
    },
  };
}
