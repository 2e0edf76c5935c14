import { Duration, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { logsEncryptionKey } from '../core/logs-key';
import { ManagedPolicyRole } from '../core/managed-policy-role';
import { acknowledgeNoFix, isOptedOut, optOutProblems, recordOptOut, type OptOut } from '../core/opt-out';
import { proactiveControlId } from '../core/proactive-controls';
import { privateSubnetGroupProblems } from '../core/subnets';
import { throwIfProblems } from '../core/validation-error';
import type { SecureLoadBalancer } from '../web/secure-load-balancer';
import type { ServiceConnectAuthority } from './service-connect-authority';

/** A Secrets Manager secret injected as one environment variable: the whole secret, or one JSON field of it. */
export type ContainerSecret = secretsmanager.ISecret | { readonly secret: secretsmanager.ISecret; readonly field: string };

/** How a service joins encrypted service-to-service traffic (ECS Service Connect with TLS). */
export interface ServiceConnectOptions {
  /** The CA, namespace and infrastructure role shared by the services that call each other. */
  readonly authority: ServiceConnectAuthority;
  /**
   * Name other services call this one by (`http://<name>:<containerPort>`; the proxies encrypt the hop with TLS 1.3).
   * @default - the construct ID, lower-cased
   */
  readonly discoveryName?: string;
}

/** Secure defaults of {@link SecureFargateService} a caller may turn off, each with a reason. */
export interface SecureFargateServiceOptOuts {
  /** Let the container write to its root file system (an image that writes outside `/tmp` and cannot be changed). */
  readonly readonlyRootFilesystem?: OptOut;
  /**
   * Turn ECS Exec on (an interactive shell into running tasks, for an incident). Sessions are encrypted with the
   * service's key and logged to its encrypted log group; this needs a cluster this construct creates.
   */
  readonly executeCommandDisabled?: OptOut;
}

/** Props for {@link SecureFargateService}. */
export interface SecureFargateServiceProps {
  /** The VPC (a `TieredVpc`'s `vpc`): tasks run in its `subnetGroupName` subnets. */
  readonly vpc: ec2.IVpc;
  /**
   * The image to run, e.g. `ecs.ContainerImage.fromEcrRepository(repo.repository, 'v1.4.2')` with a
   * {@link SecureContainerRepository} (immutable tags, so the tag names one image).
   */
  readonly image: ecs.ContainerImage;
  /**
   * Port the container listens on. Capabilities are dropped and the user is not root, so it must be 1024 or above.
   * @default 8080
   */
  readonly containerPort?: number;
  /**
   * Subnet group the tasks run in (private, no public IP).
   * @default 'app'
   */
  readonly subnetGroupName?: string;
  /**
   * Cluster to run in. It must already log ECS Exec sessions when `optOuts.executeCommandDisabled` is set.
   * @default - a new cluster with Container Insights (enhanced)
   * @see Security Hub ECS.12, AwsSolutions-ECS4
   */
  readonly cluster?: ecs.ICluster;
  /**
   * Task CPU units (256 = 0.25 vCPU), a Fargate size.
   * @default 256
   */
  readonly cpu?: number;
  /**
   * Task memory in MiB, a Fargate size for the chosen `cpu`.
   * @default 512
   */
  readonly memoryLimitMiB?: number;
  /**
   * Tasks to keep running; two or more spread the service over Availability Zones.
   * @default 2
   */
  readonly desiredCount?: number;
  /**
   * User (`uid` or `uid:gid`) the container runs as; never root.
   * @default '1000:1000'
   * @see CIS Docker Benchmark 4.1 (non-root user)
   */
  readonly user?: string;
  /**
   * Secrets injected as environment variables at task start, read from Secrets Manager by the execution role
   * (never by the application, never in the template). The only way to give the container a secret.
   * @default - none
   * @see Security Hub ECS.8 (no secrets in environment variables)
   */
  readonly secrets?: Readonly<Record<string, ContainerSecret>>;
  /**
   * Non-secret configuration (queue URLs, feature flags). Names that look like secrets (PASSWORD, SECRET,
   * TOKEN, API_KEY, PRIVATE_KEY, CREDENTIAL) are refused: pass those through `secrets`.
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * How long the container logs are kept.
   * @default logs.RetentionDays.ONE_YEAR
   * @see NIST 800-53 AU-11
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Customer-managed key encrypting the logs (and ECS Exec sessions); CloudWatch Logs must be allowed to use it.
   * @default - a new key from `logsEncryptionKey` (rotation on, retained)
   */
  readonly logsKey?: kms.IKey;
  /**
   * Encrypted service-to-service traffic: the service registers in the authority's namespace and its Service
   * Connect proxy terminates TLS with a certificate from the authority's private CA. Needed before another
   * service may call this one ({@link SecureFargateService.allowCallsFrom}).
   * @default - no Service Connect: only a load balancer reaches the service
   * @see NIST 800-53 SC-8(1); PCI DSS 4.2.1; https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-tls.html
   */
  readonly serviceConnect?: ServiceConnectOptions;
  /**
   * Secure defaults turned off on purpose; each is recorded in the template metadata.
   * @default - none: every secure default applies
   */
  readonly optOuts?: SecureFargateServiceOptOuts;
}

/** Where a target group sends requests and how a task proves it is healthy. */
export interface LoadBalancerRouteOptions {
  /** Listener rule priority (1-50000), unique on the listener. */
  readonly priority: number;
  /** Path patterns routed to the service, e.g. `['/orders/*']`. */
  readonly pathPatterns: readonly string[];
  /**
   * Path the load balancer polls for health.
   * @default '/health'
   */
  readonly healthCheckPath?: string;
}

const OPT_OUTS = ['readonlyRootFilesystem', 'executeCommandDisabled'] as const;
const SECRET_LIKE_NAME = /PASSWORD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i;
const CONTAINER_NAME = 'app';

/**
 * A container service on Fargate in the app tier: no public IP, hardened container, least-privilege roles.
 *
 * ```ts
 * const orders = new SecureFargateService(this, 'Orders', {
 *   vpc, image: ecs.ContainerImage.fromEcrRepository(images.repository, 'v1.4.2'),
 *   secrets: { DB_PASSWORD: { secret: dbSecret, field: 'password' } },
 * });
 * orders.addToLoadBalancer(lb, { priority: 10, pathPatterns: ['/orders/*'] });
 * jobs.queue.grantSendMessages(orders); // lands in the task role's customer-managed policy
 * ```
 *
 * Default settings:
 * - tasks in the `app` subnets, no public IP; own security group, egress 443 only (AWS APIs via endpoints or NAT)
 * - container: read-only root file system (writable `/tmp` volume), user `1000:1000`, not privileged,
 *   every Linux capability dropped, init process reaping zombies
 * - task role and execution role separate; each holds its grants in one customer-managed policy
 * - secrets only from Secrets Manager (`secrets`), injected by the execution role
 * - logs to a KMS-encrypted log group kept one year and retained
 * - deployment circuit breaker with rollback; Container Insights (enhanced) on the cluster it creates
 * - ECS Exec off
 * - no service-to-service path until `serviceConnect` (TLS 1.3 from a {@link ServiceConnectAuthority}) and
 *   `allowCallsFrom`, which refuses any path that would not be encrypted
 *
 * @see Security Hub ECS.2, ECS.4, ECS.5, ECS.8, ECS.12, ECS.16; NIST 800-53 AC-6, CM-7, SC-28, AU-11
 */
export class SecureFargateService extends Construct implements iam.IGrantable, ec2.IConnectable {
  /** The Fargate service. */
  public readonly service: ecs.FargateService;
  /** The task definition; its one container is named `app`. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /**
   * The role the application runs with. Grant through the service (`bucket.grantRead(service)`): grants land in
   * this role's customer-managed policy, never in an inline one.
   */
  public readonly taskRole: iam.IRole;
  /** The role ECS uses to pull the image, read the `secrets` and write the logs; the application never holds it. */
  public readonly executionRole: iam.IRole;
  /** The encrypted log group of the container (and of ECS Exec sessions when opted in). */
  public readonly logGroup: logs.LogGroup;
  /** The cluster the service runs in: the one passed, or the new one with Container Insights. */
  public readonly cluster: ecs.ICluster;
  /** The principal grants go to: the task role. */
  public readonly grantPrincipal: iam.IPrincipal;
  /** The service's security group connections: let a database or another service admit it (`db.allowConnectionsFrom(service, ...)`). */
  public readonly connections: ec2.Connections;
  /** The port the container listens on. */
  public readonly containerPort: number;
  /** Where other services of the namespace call this one (`http://orders:8080`); undefined without `serviceConnect`. */
  public readonly serviceConnectUrl?: string;
  /** The authority this service's Service Connect TLS uses; undefined without `serviceConnect`. */
  public readonly serviceConnectAuthority?: ServiceConnectAuthority;

  constructor(scope: Construct, id: string, props: SecureFargateServiceProps) {
    super(scope, id);
    const containerPort = props.containerPort ?? 8080;
    const user = props.user ?? '1000:1000';
    const desiredCount = props.desiredCount ?? 2;
    const subnetGroupName = props.subnetGroupName ?? 'app';
    const exec = isOptedOut(props.optOuts, 'executeCommandDisabled');
    const discoveryName = props.serviceConnect ? (props.serviceConnect.discoveryName ?? id.toLowerCase()) : undefined;
    throwIfProblems(this, 'SecureFargateService', [
      ...(discoveryName !== undefined && !Token.isUnresolved(discoveryName) && !/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(discoveryName)
        ? [`serviceConnect.discoveryName: "${discoveryName}" is not allowed (allowed: 1-63 lower-case letters, digits and inner hyphens, a DNS label)`]
        : []),
      ...optOutProblems(props.optOuts, OPT_OUTS),
      ...(!Token.isUnresolved(containerPort) && (!Number.isInteger(containerPort) || containerPort < 1024 || containerPort > 65535)
        ? [`containerPort: ${containerPort} is not allowed (allowed: 1024-65535; the container runs without root and without NET_BIND_SERVICE)`]
        : []),
      ...(!Token.isUnresolved(user) && /^(root|0)(:|$)/.test(user) ? [`user: "${user}" is not allowed (allowed: a non-root uid or uid:gid, e.g. 1000:1000)`] : []),
      ...(!Token.isUnresolved(desiredCount) && (!Number.isInteger(desiredCount) || desiredCount < 1)
        ? [`desiredCount: ${desiredCount} is not allowed (allowed: a whole number, at least 1)`]
        : []),
      ...Object.keys(props.environment ?? {})
        .filter((name) => SECRET_LIKE_NAME.test(name))
        .map((name) => `environment.${name}: looks like a secret (allowed: non-secret configuration; pass secrets through secrets, read from Secrets Manager)`),
      ...Object.keys(props.secrets ?? {})
        .filter((name) => props.environment?.[name] !== undefined)
        .map((name) => `secrets.${name}: also set in environment (allowed: one or the other)`),
      ...(exec && props.cluster && !props.cluster.executeCommandConfiguration?.logConfiguration
        ? ['optOuts.executeCommandDisabled: the cluster passed does not log ECS Exec sessions (allowed: a cluster with executeCommandConfiguration logging, or no cluster so this construct creates one)']
        : []),
      ...privateSubnetGroupProblems(props.vpc, subnetGroupName),
    ]);
    this.containerPort = containerPort;

    const logsKey = props.logsKey ?? logsEncryptionKey(this, 'LogsKey', `Encrypts the logs of ${this.node.path}`);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: logsKey,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.cluster =
      props.cluster ??
      new ecs.Cluster(this, 'Cluster', {
        vpc: props.vpc,
        containerInsightsV2: ecs.ContainerInsights.ENHANCED,
        executeCommandConfiguration: exec
          ? {
              kmsKey: logsKey,
              logging: ecs.ExecuteCommandLogging.OVERRIDE,
              logConfiguration: { cloudWatchLogGroup: this.logGroup, cloudWatchEncryptionEnabled: true },
            }
          : undefined,
      });

    if (!props.cluster) {
      acknowledgeNoFix(
        this.cluster.node.defaultChild as ecs.CfnCluster,
        [proactiveControlId('ecs_container_insights_enabled_check')],
        'Container Insights is on with enhanced observability (containerInsights = enhanced), which collects what "enabled" does and task- and container-level metrics besides; CT.ECS.PR.2 accepts only the value "enabled".',
      );
    }

    const tasks = new iam.ServicePrincipal('ecs-tasks.amazonaws.com');
    this.taskRole = new ManagedPolicyRole(this, 'TaskRole', { assumedBy: tasks, description: `Application role of ${this.node.path}`.slice(0, 1000) });
    this.executionRole = new ManagedPolicyRole(this, 'ExecutionRole', { assumedBy: tasks, description: `ECS execution role of ${this.node.path}`.slice(0, 1000) });
    this.grantPrincipal = this.taskRole;

    const memoryLimitMiB = props.memoryLimitMiB ?? 512;
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: props.cpu ?? 256,
      memoryLimitMiB,
      taskRole: this.taskRole,
      executionRole: this.executionRole,
      volumes: [{ name: 'tmp' }],
    });
    const readonlyRoot = !isOptedOut(props.optOuts, 'readonlyRootFilesystem');
    const container = this.taskDefinition.addContainer(CONTAINER_NAME, {
      image: props.image,
      // A hard limit on the one container (CT.ECS.PR.7), the task's size: Fargate stops the task there anyway, and a
      // container's hard limit may equal the task memory (only the reservations of all containers must fit in it).
      memoryLimitMiB,
      portMappings: [{ name: CONTAINER_NAME, containerPort, protocol: ecs.Protocol.TCP, appProtocol: props.serviceConnect ? ecs.AppProtocol.http : undefined }],
      readonlyRootFilesystem: readonlyRoot,
      user,
      privileged: false,
      linuxParameters: linuxParameters(this),
      secrets: ecsSecrets(props.secrets ?? {}),
      environment: props.environment && Object.keys(props.environment).length > 0 ? { ...props.environment } : undefined,
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: CONTAINER_NAME }),
    });
    // A read-only root still needs scratch space: task-scoped ephemeral storage, gone with the task.
    container.addMountPoints({ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false });

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Fargate service ${this.node.path}: ingress only from what the app allows`.slice(0, 255),
      allowAllOutbound: false,
    });
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs (ECR, Logs, Secrets Manager) through VPC endpoints or NAT');

    this.service = new ecs.FargateService(this, 'Resource', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount,
      assignPublicIp: false,
      vpcSubnets: { subnetGroupName },
      securityGroups: [securityGroup],
      circuitBreaker: { enable: true, rollback: true },
      enableExecuteCommand: exec,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      serviceConnectConfiguration: props.serviceConnect
        ? {
            namespace: props.serviceConnect.authority.namespace.namespaceArn,
            services: [
              {
                portMappingName: CONTAINER_NAME,
                discoveryName,
                dnsName: discoveryName,
                port: containerPort,
                tls: {
                  awsPcaAuthorityArn: props.serviceConnect.authority.certificateAuthorityArn,
                  kmsKey: props.serviceConnect.authority.encryptionKey,
                  role: props.serviceConnect.authority.infrastructureRole,
                },
              },
            ],
            // The proxy's own logs go to the service's encrypted, retained group.
            logDriver: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: 'service-connect' }),
          }
        : undefined,
    });
    this.connections = this.service.connections;
    if (props.serviceConnect) {
      // The CA must be active and the infrastructure role able to issue before ECS asks for the first certificate.
      this.service.node.addDependency(props.serviceConnect.authority);
      this.serviceConnectAuthority = props.serviceConnect.authority;
      this.serviceConnectUrl = `http://${discoveryName}:${containerPort}`;
    }

    const cfnTask = this.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition;
    if (props.optOuts?.readonlyRootFilesystem) recordOptOut(cfnTask, 'readonlyRootFilesystem', props.optOuts.readonlyRootFilesystem);
    if (props.optOuts?.executeCommandDisabled) {
      recordOptOut(this.service.node.defaultChild as ecs.CfnService, 'executeCommandDisabled', props.optOuts.executeCommandDisabled);
      const policy = (this.taskRole as ManagedPolicyRole).managedPolicy;
      if (policy) {
        const stack = Stack.of(this);
        const part = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);
        const logGroupId = stack.getLogicalId(this.logGroup.node.defaultChild as logs.CfnLogGroup);
        const streams = `arn:<AWS::Partition>:logs:${part(stack.region, 'AWS::Region')}:${part(stack.account, 'AWS::AccountId')}:log-group:<${logGroupId}>:*`;
        acknowledgeNoFix(
          policy.node.defaultChild as iam.CfnManagedPolicy,
          [`AwsSolutions-IAM5[Resource::${streams}]`],
          'ECS Exec names a new log stream per session, so the write grant covers the streams of this one encrypted log group only.',
        );
      }
    }
    if (props.environment && Object.keys(props.environment).length > 0) {
      acknowledgeNoFix(
        cfnTask,
        ['AwsSolutions-ECS2'],
        `The environment variables of ${this.node.path} are non-secret configuration (${Object.keys(props.environment).join(', ')}); names that look like secrets are refused at synth and secrets come from Secrets Manager.`,
      );
    }
  }

  /**
   * Lets `client` call this service over Service Connect: opens this service's port to the client's security
   * group (and the client's egress to it). Both must use the same {@link ServiceConnectAuthority}, so the hop
   * is always TLS; a plain-text path between services cannot be opened through this method.
   */
  public allowCallsFrom(client: SecureFargateService): void {
    throwIfProblems(this, 'SecureFargateService', [
      ...(this.serviceConnectAuthority ? [] : [`allowCallsFrom(${client.node.path}): this service has no serviceConnect (allowed: a service with serviceConnect, so the hop is encrypted with TLS)`]),
      ...(this.serviceConnectAuthority && client.serviceConnectAuthority !== this.serviceConnectAuthority
        ? [`allowCallsFrom(${client.node.path}): the client does not use this service's ServiceConnectAuthority (allowed: a client with serviceConnect.authority ${this.serviceConnectAuthority.node.path})`]
        : []),
    ]);
    this.connections.allowFrom(client, ec2.Port.tcp(this.containerPort), `${client.node.path} calls ${this.node.path} over Service Connect TLS`.slice(0, 255));
  }

  /**
   * Routes `pathPatterns` on the load balancer's HTTPS listener to this service's container port, and opens
   * the service's security group to the load balancer only. TLS ends at the load balancer (it holds the
   * certificate); the hop to the task stays inside the app tier.
   */
  public addToLoadBalancer(lb: SecureLoadBalancer, options: LoadBalancerRouteOptions): elbv2.ApplicationTargetGroup {
    return lb.listener.addTargets(Names.uniqueId(this), {
      priority: options.priority,
      conditions: [elbv2.ListenerCondition.pathPatterns([...options.pathPatterns])],
      port: this.containerPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [this.service.loadBalancerTarget({ containerName: CONTAINER_NAME, containerPort: this.containerPort })],
      healthCheck: { path: options.healthCheckPath ?? '/health', interval: Duration.seconds(30) },
    });
  }
}

/** Every capability dropped and no privilege escalation: Fargate allows adding back only SYS_PTRACE, which we do not. */
function linuxParameters(scope: Construct): ecs.LinuxParameters {
  const params = new ecs.LinuxParameters(scope, 'LinuxParameters', { initProcessEnabled: true });
  params.dropCapabilities(ecs.Capability.ALL);
  return params;
}

function ecsSecrets(secrets: Readonly<Record<string, ContainerSecret>>): Record<string, ecs.Secret> | undefined {
  const entries = Object.entries(secrets);
  if (entries.length === 0) return undefined;
  return Object.fromEntries(
    entries.map(([name, s]) => [name, 'field' in s && 'secret' in s ? ecs.Secret.fromSecretsManager(s.secret, s.field) : ecs.Secret.fromSecretsManager(s as secretsmanager.ISecret)]),
  );
}
