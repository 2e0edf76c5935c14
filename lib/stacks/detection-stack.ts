import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnHub } from 'aws-cdk-lib/aws-securityhub';
import type { Construct } from 'constructs';
import { AccessAnalyzers } from '../constructs/detection/access-analyzers';
import { ConfigOrganizationRules } from '../constructs/detection/config-organization-rules';
import { FindingsNotification } from '../constructs/detection/findings-notification';
import { GuardDutyOrganization } from '../constructs/detection/guardduty-organization';
import { InspectorOrganization } from '../constructs/detection/inspector-organization';
import { SecurityHubCentralConfiguration } from '../constructs/detection/security-hub-central-configuration';
import { FindingsLog } from '../constructs/detection/findings-log';
import { InventoryQueries } from '../constructs/detection/inventory-queries';
import { ResourceExplorerSearch } from '../constructs/detection/resource-explorer';
import { SecurityDashboard } from '../constructs/detection/security-dashboard';
import { WeeklySummary } from '../constructs/detection/weekly-summary';
import type { LandingZoneConfig } from '../config/schema';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { detectionNames } from '../names';

/** The slice of config (and derived names) one detection stack needs. */
export interface DetectionStackProps extends StackProps {
  readonly homeRegion: string;
  readonly governedRegions: readonly string[];
  readonly rootId: string;
  readonly guardDuty: LandingZoneConfig['security']['guardDuty'];
  readonly notificationEmail: string;
  readonly names: ReturnType<typeof detectionNames>;
  /** Log archive bucket name and its key (alias ARN: resolved to the key ARN at deploy time for GuardDuty). */
  readonly logArchive: { readonly bucketName: string; readonly keyArn: string };
  /**
   * The security operations view (home region): findings log retention, the organization ARN its search view
   * covers, and the management account whose alarm state changes it receives.
   */
  readonly operations: {
    readonly logRetentionDays: number;
    readonly organizationArn: string;
    readonly managementAccountId: string;
    /** Create the organization view (needs Resource Explorer's delegated administrator registered first). */
    readonly resourceExplorerOrganizationView: boolean;
    /** Organization name, in the weekly summary's title. */
    readonly organizationName: string;
    /** The log archive's silence alarms (this account, home region), for the dashboard. @default - none */
    readonly logSilenceAlarmNames?: readonly string[];
  };
}

/**
 * Security-log account (delegated administrator), one per governed region: GuardDuty, Security Hub,
 * Config rules, Inspector and Access Analyzer for the whole organization, and findings to people.
 * Organization-wide services reach every account through the services' own organization features.
 */
export class DetectionStack extends Stack {
  public readonly isHome: boolean;

  constructor(scope: Construct, id: string, props: DetectionStackProps) {
    super(scope, id, props);
    const region = this.region;
    this.isHome = region === props.homeRegion;
    const names = props.names;

    new GuardDutyOrganization(this, 'GuardDuty', {
      plans: props.guardDuty,
      handlerRoleName: props.names.guardDutyAdminRoleName(this.region),
      findingsDestinationArn: `arn:${this.partition}:s3:::${props.logArchive.bucketName}/guardduty/`, // the prefix the archive's bucket policy admits
      findingsKeyArn: props.logArchive.keyArn,
    });

    const hub = new CfnHub(this, 'SecurityHub', { enableDefaultStandards: false, controlFindingGenerator: 'SECURITY_CONTROL', autoEnableControls: true });
    if (this.isHome) {
      const central = new SecurityHubCentralConfiguration(this, 'SecurityHubCentralConfiguration', {
        policyName: names.securityHubPolicyName,
        targetId: props.rootId,
        linkedRegions: props.governedRegions.filter((r) => r !== props.homeRegion),
      });
      central.node.addDependency(hub);
    }

    new ConfigOrganizationRules(this, 'Config', {
      conformancePackName: names.conformancePackName,
      includeGlobalRules: this.isHome,
      aggregator: this.isHome
        ? { name: names.configAggregatorName, roleName: names.configAggregatorRoleName, regions: props.governedRegions }
        : undefined,
    });

    new InspectorOrganization(this, 'Inspector');

    new AccessAnalyzers(this, 'AccessAnalyzer', {
      analyzerName: names.accessAnalyzerName,
      unusedAccess: this.isHome ? { analyzerName: names.unusedAccessAnalyzerName } : undefined,
    });

    const notification = new FindingsNotification(this, 'FindingsNotification', {
      home: this.isHome
        ? { topicName: names.findingsTopicName, keyAlias: names.findingsKeyAlias, email: props.notificationEmail }
        : { homeEventBusArn: names.homeEventBusArn },
    });

    // Security operations view (docs/operations.md): a findings log and dashboard, the inventory and search.
    new ResourceExplorerSearch(this, 'ResourceExplorer', {
      aggregator: this.isHome,
      organizationView:
        this.isHome && props.operations.resourceExplorerOrganizationView
          ? { viewName: names.resourceExplorerViewName, organizationArn: props.operations.organizationArn }
          : undefined,
    });
    if (this.isHome) {
      const findingsLog = new FindingsLog(this, 'FindingsLog', {
        logGroupName: names.findingsLogGroupName,
        keyAlias: names.findingsLogKeyAlias,
        retention: props.operations.logRetentionDays as RetentionDays,
        alarmSourceAccountIds: [props.operations.managementAccountId],
      });
      const dashboard = new SecurityDashboard(this, 'SecurityDashboard', {
        dashboardName: names.securityDashboardName,
        findingsLogGroupName: names.findingsLogGroupName,
        logSilenceAlarmNames: props.operations.logSilenceAlarmNames,
      });
      dashboard.node.addDependency(findingsLog);
      new InventoryQueries(this, 'Inventory', { namePrefix: names.inventoryQueryPrefix });
      // The findings topic carries the summary to the security email (and chat, where subscribed).
      new WeeklySummary(this, 'WeeklySummary', {
        topic: notification.topic!,
        topicKey: notification.topic!.masterKey!,
        aggregatorName: names.configAggregatorName,
        countsParameterName: names.weeklySummaryCountsParameterName,
        organizationName: props.operations.organizationName,
        logRetention: props.operations.logRetentionDays as RetentionDays,
      });
    }
  }
}
