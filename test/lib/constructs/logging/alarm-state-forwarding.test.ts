import { Match } from 'aws-cdk-lib/assertions';
import { detectionNames } from '../../../../lib/names';
import { defaultConfig, templateOf } from '../../../helpers';

const config = defaultConfig();
const t = templateOf('orgTrail', config);

describe('AlarmStateForwarding (org-trail stack, management account)', () => {
  test("forwards the landing-zone alarms' state changes to the security-log account's home bus", () => {
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'], detail: { alarmName: [{ prefix: 'CIS-' }, { prefix: 'LZ-' }] } },
      Targets: [{ Arn: detectionNames(config).homeEventBusArn, Id: 'Target0', RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlarmStateForwardingRole'), 'Arn'] } }],
    });
  });

  test('its role may put events on that bus only, through a customer-managed policy', () => {
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [{ Action: 'events:PutEvents', Effect: 'Allow', Resource: detectionNames(config).homeEventBusArn }], Version: '2012-10-17' },
    });
    t.resourceCountIs('AWS::IAM::Policy', 0);
  });
});

