import { RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { logsEncryptionKey } from '../core/logs-key';
import { ManagedPolicyRole } from '../core/managed-policy-role';
import { acknowledgeNoFix } from '../core/opt-out';
import { throwIfProblems } from '../core/validation-error';
import type { SecureUserPool } from '../identity/secure-user-pool';
import { SecureWebAcl } from './secure-web-acl';

/** Enhanced security policies of REGIONAL REST APIs: TLS 1.3, or TLS 1.3 and 1.2 with forward secrecy. */
export const ALLOWED_API_SECURITY_POLICIES: readonly apigateway.SecurityPolicy[] = [
  apigateway.SecurityPolicy.TLS13_1_2_PFS_PQ_2025_09,
  apigateway.SecurityPolicy.TLS13_1_2_PQ_2025_09,
  apigateway.SecurityPolicy.TLS13_1_3_2025_09,
  apigateway.SecurityPolicy.TLS13_1_3_FIPS_2025_09,
];

/**
 * The access-log record, one JSON object per request: who called (IP, Cognito subject), what (method, path,
 * status), how (TLS version and cipher) and how long it took; never a request or response body.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html#context-variable-reference
 */
export const API_ACCESS_LOG_FIELDS: Readonly<Record<string, string>> = {
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  subject: '$context.authorizer.claims.sub',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationStatus: '$context.integration.status',
  wafStatus: '$context.waf.status',
  tlsVersion: '$context.tlsVersion',
  cipherSuite: '$context.cipherSuite',
};

/** Props for {@link SecureApi}. */
export interface SecureApiProps {
  /** Who may call: every route requires a valid access token of this user pool. */
  readonly userPool: SecureUserPool;
  /**
   * Custom domain (`api.example.com`) and its ACM certificate in this stack's region; the default
   * `execute-api` endpoint is then turned off so every client meets the domain's TLS policy.
   * @default - the default execute-api endpoint
   */
  readonly customDomain?: { readonly domainName: string; readonly certificate: acm.ICertificate };
  /**
   * TLS policy of the API and its domain (enhanced policies only, endpoint access mode STRICT).
   * @default apigateway.SecurityPolicy.TLS13_1_2_PFS_PQ_2025_09 (TLS 1.3, and TLS 1.2 with forward secrecy for older B2B clients)
   * @see Security Hub APIGateway (TLS), NIST 800-53 SC-8, SC-13
   */
  readonly securityPolicy?: apigateway.SecurityPolicy;
  /**
   * Steady-state requests per second across the stage.
   * @default 100
   */
  readonly throttlingRateLimit?: number;
  /**
   * Burst of requests above the rate.
   * @default 200
   */
  readonly throttlingBurstLimit?: number;
  /**
   * Web ACL to associate (REGIONAL).
   * @default - a new {@link SecureWebAcl} with AWS managed rule groups and a rate limit
   */
  readonly webAclArn?: string;
  /**
   * Customer-managed key for the access-log group.
   * @default - a new key from `logsEncryptionKey`
   */
  readonly logsKey?: kms.IKey;
}

/** Options of one route. */
export interface ApiRouteOptions {
  /** OAuth scopes the access token must carry (e.g. `['orders/read']`). @default - any valid access token of the pool */
  readonly scopes?: readonly string[];
}

/** A back end inside the VPC, reached through a VPC link (REST APIs link to Network Load Balancers). */
export interface PrivateBackend {
  /** The internal Network Load Balancer in front of the service (its listener terminates TLS). */
  readonly loadBalancer: elbv2.INetworkLoadBalancer;
  /** HTTPS URL on the load balancer's certificate name, e.g. `https://orders.internal.example.com/orders`. */
  readonly url: string;
}

/**
 * The API front door: an API Gateway REST API behind WAF, with a Cognito authorizer on every route.
 *
 * REST rather than HTTP API: HTTP APIs take no WAF web ACL, no enhanced TLS policy (TLS 1.3) and no request
 * validation; REST APIs take all three.
 *
 * ```ts
 * const api = new SecureApi(this, 'Api', { userPool: signIn, customDomain: { domainName: 'api.example.com', certificate } });
 * api.addRoute('/orders', 'GET', new apigateway.LambdaIntegration(ordersFn.function));
 * ```
 *
 * Default settings:
 * - REGIONAL endpoint, TLS policy SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09 with endpoint access mode STRICT;
 *   with a custom domain, the execute-api endpoint is off
 * - REGIONAL WAF web ACL ({@link SecureWebAcl})
 * - every route: Cognito user-pool authorizer (access token), request validation of parameters and body
 * - throttling 100 requests/s, burst 200
 * - access logs as JSON ({@link API_ACCESS_LOG_FIELDS}) to a KMS-encrypted log group kept one year;
 *   execution logs at ERROR without request data; X-Ray tracing
 * - a client certificate presented to HTTP back ends, so they can verify calls come from this API
 * - private back ends in the VPC through a VPC link to an internal NLB, over HTTPS only ({@link addPrivateRoute})
 *
 * @see AwsSolutions APIG1-APIG4, APIG6, COG4; NIST 800-53 AC-3, AU-2, SC-5, SC-7, SC-8
 */
export class SecureApi extends Construct {
  /** The REST API. Add routes through {@link addRoute}, which applies the authorizer and validation. */
  public readonly api: apigateway.RestApi;
  /** The Cognito authorizer every route uses. */
  public readonly authorizer: apigateway.CognitoUserPoolsAuthorizer;
  /** The encrypted access-log group. */
  public readonly accessLogs: logs.LogGroup;
  /** The custom domain, when one was given: point DNS at its `domainNameAliasDomainName`. */
  public readonly domain?: apigateway.DomainName;
  /** The web ACL this construct created; undefined when `webAclArn` was passed. */
  public readonly webAcl?: SecureWebAcl;
  private readonly validator: apigateway.RequestValidator;
  private readonly vpcLinks = new Map<elbv2.INetworkLoadBalancer, apigateway.VpcLink>();

  constructor(scope: Construct, id: string, props: SecureApiProps) {
    super(scope, id);
    const securityPolicy = props.securityPolicy ?? apigateway.SecurityPolicy.TLS13_1_2_PFS_PQ_2025_09;
    const rate = props.throttlingRateLimit ?? 100;
    const burst = props.throttlingBurstLimit ?? 200;
    throwIfProblems(this, 'SecureApi', [
      ...(ALLOWED_API_SECURITY_POLICIES.includes(securityPolicy)
        ? []
        : [`securityPolicy: "${securityPolicy}" is not allowed (allowed: ${ALLOWED_API_SECURITY_POLICIES.join(', ')})`]),
      ...(!Token.isUnresolved(rate) && !(rate > 0) ? [`throttlingRateLimit: ${rate} is not allowed (allowed: more than 0 requests per second)`] : []),
      ...(!Token.isUnresolved(burst) && (!Number.isInteger(burst) || burst < 1) ? [`throttlingBurstLimit: ${burst} is not allowed (allowed: a whole number, at least 1)`] : []),
    ]);

    const account = executionLoggingAccount(this);
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      encryptionKey: props.logsKey ?? logsEncryptionKey(this, 'LogsKey', `Encrypts the access logs of ${this.node.path}`),
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const clientCertificate = new apigateway.CfnClientCertificate(this, 'BackendCertificate', { description: `Presented by ${this.node.path} to HTTP back ends` });

    this.api = new apigateway.RestApi(this, 'Resource', {
      description: `API ${this.node.path}`,
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      cloudWatchRole: false,
      disableExecuteApiEndpoint: props.customDomain !== undefined,
      deployOptions: {
        stageName: 'prod',
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.custom(JSON.stringify(API_ACCESS_LOG_FIELDS)),
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        tracingEnabled: true,
        throttlingRateLimit: rate,
        throttlingBurstLimit: burst,
        clientCertificateId: clientCertificate.ref,
      },
    });
    const cfnApi = this.api.node.defaultChild as apigateway.CfnRestApi;
    cfnApi.securityPolicy = securityPolicy;
    cfnApi.endpointAccessMode = apigateway.EndpointAccessMode.STRICT;
    // The stage turns execution logging on, which API Gateway refuses until the account has its logging role.
    this.api.deploymentStage.node.addDependency(account);

    this.authorizer = new apigateway.CognitoUserPoolsAuthorizer(this, 'Authorizer', { cognitoUserPools: [props.userPool.userPool] });
    this.validator = this.api.addRequestValidator('Validator', { validateRequestBody: true, validateRequestParameters: true });

    if (props.customDomain) {
      this.domain = this.api.addDomainName('Domain', {
        domainName: props.customDomain.domainName,
        certificate: props.customDomain.certificate,
        endpointType: apigateway.EndpointType.REGIONAL,
        securityPolicy,
        endpointAccessMode: apigateway.EndpointAccessMode.STRICT,
      });
    }
    if (props.webAclArn === undefined) this.webAcl = new SecureWebAcl(this, 'WebAcl', { scope: 'REGIONAL' });
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.api.deploymentStage.stageArn,
      webAclArn: props.webAclArn ?? this.webAcl!.webAclArn,
    });

    acknowledgeNoFix(
      this.api.deploymentStage.node.defaultChild as apigateway.CfnStage,
      ['NIST.800.53.R5-APIGWCacheEnabledAndEncrypted', 'HIPAA.Security-APIGWCacheEnabledAndEncrypted', 'PCI.DSS.321-APIGWCacheEnabledAndEncrypted'],
      'Responses are per customer and authorized per request; a stage cache keyed by path would serve one customer\'s data to another, so the stage has no cache and holds no data to encrypt.',
    );
  }

  /**
   * Adds `method` on `path` (e.g. `/orders/{id}`), routed to `integration`, behind the Cognito authorizer
   * and the request validator. A private back end: a `SecureFunction` (`LambdaIntegration`) in the app tier.
   */
  public addRoute(path: string, method: string, integration: apigateway.Integration, options: ApiRouteOptions = {}): apigateway.Method {
    const resource = path.split('/').filter((p) => p !== '').reduce<apigateway.IResource>((r, part) => r.getResource(part) ?? r.addResource(part), this.api.root);
    const added = resource.addMethod(method, integration, {
      authorizer: this.authorizer,
      authorizationType: apigateway.AuthorizationType.COGNITO,
      authorizationScopes: options.scopes ? [...options.scopes] : undefined,
      requestValidator: this.validator,
    });
    // The invoke permissions CDK adds name this API's method ARN (an Fn::Join); the owning account as well makes the
    // service-principal grant checkable before deployment (CT.LAMBDA.PR.2) and holds if the ARN is ever widened.
    // https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html (SourceAccount)
    for (const child of added.node.children) {
      if (child instanceof lambda.CfnPermission && child.sourceAccount === undefined) child.sourceAccount = Stack.of(this).account;
    }
    return added;
  }

  /**
   * Adds `method` on `path`, proxied to a service inside the VPC through a VPC link to its internal Network Load
   * Balancer (one link per load balancer), behind the same authorizer and validator. The hop is HTTPS: API
   * Gateway verifies the load balancer's certificate, so `url` must use its name.
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-private-integration.html
   */
  public addPrivateRoute(path: string, method: string, backend: PrivateBackend, options: ApiRouteOptions = {}): apigateway.Method {
    throwIfProblems(this, 'SecureApi', [
      ...(!Token.isUnresolved(backend.url) && !/^https:\/\/[^/\s]+/.test(backend.url)
        ? [`addPrivateRoute(${path}).url: "${backend.url}" is not allowed (allowed: an https:// URL on the load balancer's certificate name; the hop leaves API Gateway encrypted)`]
        : []),
    ]);
    let vpcLink = this.vpcLinks.get(backend.loadBalancer);
    if (!vpcLink) {
      vpcLink = new apigateway.VpcLink(this, `VpcLink${this.vpcLinks.size}`, { targets: [backend.loadBalancer], description: `Private integration of ${this.node.path}`.slice(0, 255) });
      this.vpcLinks.set(backend.loadBalancer, vpcLink);
    }
    const integration = new apigateway.Integration({
      type: apigateway.IntegrationType.HTTP_PROXY,
      integrationHttpMethod: method,
      uri: backend.url,
      options: { connectionType: apigateway.ConnectionType.VPC_LINK, vpcLink },
    });
    return this.addRoute(path, method, integration, options);
  }
}

/**
 * The account's API Gateway logging role (`AWS::ApiGateway::Account`), once per stack: execution logs go to the
 * `API-Gateway-Execution-Logs_*` groups API Gateway creates. One role for the account, so it names that prefix,
 * not one API, or a second API's logging would break.
 */
function executionLoggingAccount(scope: Construct): apigateway.CfnAccount {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild('ApiGatewayAccount') as apigateway.CfnAccount | undefined;
  if (existing) return existing;
  const role = new ManagedPolicyRole(stack, 'ApiGatewayLoggingRole', {
    assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    description: 'API Gateway execution logging for this account (AWS::ApiGateway::Account)',
  });
  const groups = `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:API-Gateway-Execution-Logs_*`;
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents', 'logs:GetLogEvents', 'logs:FilterLogEvents'],
      resources: [groups, `${groups}:log-stream:*`],
    }),
  );
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:DescribeLogGroups'], resources: ['*'] }));
  const part = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);
  const nagGroups = `arn:<AWS::Partition>:logs:${part(stack.region, 'AWS::Region')}:${part(stack.account, 'AWS::AccountId')}:log-group:API-Gateway-Execution-Logs_*`;
  acknowledgeNoFix(
    role.managedPolicy!.node.defaultChild as iam.CfnManagedPolicy,
    [`AwsSolutions-IAM5[Resource::${nagGroups}]`, `AwsSolutions-IAM5[Resource::${nagGroups}:log-stream:*]`],
    'API Gateway names its execution-log groups API-Gateway-Execution-Logs_<api-id>/<stage> and their streams itself; the account-wide role (one per account) is limited to that prefix and assumable only by API Gateway of this account.',
  );
  const account = new apigateway.CfnAccount(stack, 'ApiGatewayAccount', { cloudWatchRoleArn: role.roleArn });
  account.node.addDependency(role);
  return account;
}
