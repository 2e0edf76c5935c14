/**
 * The grammar of AWS Organizations management policies, checked on a synthesized document: every key is a
 * documented attribute of its policy type (or a name the type lets you choose, such as a backup plan's), every
 * leaf sets its value with exactly one value-setting operator, `@@append`/`@@remove` only on lists, child-control
 * operators only from the documented set, and every value one the attribute documents.
 *
 * Operators: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_inheritance_mgmt.html
 * Attribute tables, one per type, each from its syntax page (cited beside it).
 */

/** A leaf attribute: an object holding one value-setting operator. */
interface Leaf {
  readonly kind: 'leaf';
  /** The value is a list (so `@@append` and `@@remove` apply). */
  readonly list?: boolean;
  /** The values allowed (for a list: for each element). */
  readonly values?: readonly string[];
  /** Or a pattern each value (string, or number as written) must match, with what it means. */
  readonly pattern?: readonly [RegExp, string];
}

/** An object: documented keys, and optionally keys the author names (plan names, tag keys...). */
interface Branch {
  readonly kind: 'branch';
  readonly keys?: Readonly<Record<string, Node>>;
  /** Keys the author chooses: the pattern they must match, what they are, and their node. */
  readonly named?: readonly [RegExp, string, Node];
  /** Keys that must be present. */
  readonly required?: readonly string[];
}

type Node = Leaf | Branch;

const leaf = (values?: readonly string[], extra: Partial<Leaf> = {}): Leaf => ({ kind: 'leaf', values, ...extra });
const list = (pattern?: readonly [RegExp, string]): Leaf => ({ kind: 'leaf', list: true, pattern });
const matching = (pattern: RegExp, what: string): Leaf => ({ kind: 'leaf', pattern: [pattern, what] });
const branch = (keys: Record<string, Node>, extra: Partial<Branch> = {}): Branch => ({ kind: 'branch', keys, ...extra });
const named = (pattern: RegExp, what: string, node: Node, keys: Record<string, Node> = {}): Branch => ({ kind: 'branch', keys, named: [pattern, what, node] });
/** Integer attributes (written as a string or a number), with their documented range. */
const INTEGER_RANGES = new WeakMap<Leaf, [number, number]>();
const int = (min: number, max: number): Leaf => {
  const l = matching(/^-?\d+$/, `an integer from ${min} to ${max}`);
  INTEGER_RANGES.set(l, [min, max]);
  return l;
};
const BOOLEAN = ['true', 'false'];
const ANY_TEXT = matching(/^[\s\S]{1,}$/, 'a non-empty string');

/** @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_declarative_syntax.html */
const DECLARATIVE_POLICY_EC2: Node = branch(
  {
    ec2_attributes: branch({
      exception_message: ANY_TEXT,
      vpc_block_public_access: branch({
        internet_gateway_block: branch(
          { mode: leaf(['off', 'block_ingress', 'block_bidirectional']), exclusions_allowed: leaf(['enabled', 'disabled']) },
          { required: ['mode', 'exclusions_allowed'] },
        ),
      }),
      serial_console_access: branch({ status: leaf(['enabled', 'disabled']) }),
      image_block_public_access: branch({ state: leaf(['unblocked', 'block_new_sharing']) }),
      allowed_images_settings: branch({
        state: leaf(['enabled', 'disabled', 'audit_mode']),
        image_criteria: named(/^criteria_([1-9]|10)$/, 'criteria_1 to criteria_10', branch({
          allowed_image_providers: list([/^(\d{12}|amazon|aws_marketplace|aws_backup_vault)$/, 'a 12-digit account ID, amazon, aws_marketplace or aws_backup_vault']),
          image_names: list([/^[\s\S]{1,128}$/, 'an image name of 1-128 characters (wildcards ? and *)']),
          marketplace_product_codes: list([/^[A-Za-z0-9]{1,25}$/, '1-25 letters and digits']),
          creation_date_condition: branch({ maximum_days_since_created: int(0, 2147483647) }),
          deprecation_time_condition: branch({ maximum_days_since_deprecated: int(0, 2147483647) }),
        })),
      }),
      instance_metadata_defaults: branch({
        http_tokens: leaf(['no_preference', 'required', 'optional']),
        http_put_response_hop_limit: int(-1, 64),
        http_endpoint: leaf(['no_preference', 'enabled', 'disabled']),
        instance_metadata_tags: leaf(['no_preference', 'enabled', 'disabled']),
      }),
      snapshot_block_public_access: branch({ state: leaf(['block_all_sharing', 'block_new_sharing', 'unblocked']) }),
    }),
  },
  { required: ['ec2_attributes'] },
);

/** `default` or one AI service's name. @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_ai-opt-out_syntax.html */
const AISERVICES_OPT_OUT_POLICY: Node = branch(
  { services: named(/^[a-z][a-z0-9]*$/, 'default or an AI service name (e.g. rekognition)', branch({ opt_out_policy: leaf(['optOut', 'optIn']) }, { required: ['opt_out_policy'] })) },
  { required: ['services'] },
);

/** @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_example-tag-policies.html */
const TAG_POLICY: Node = branch(
  {
    tags: named(/^[\s\S]{1,128}$/, 'a policy key (the tag key, any case)', branch(
      {
        tag_key: matching(/^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u, 'a tag key'),
        tag_value: list([/^[\p{L}\p{Z}\p{N}_.:/=+\-@*]{0,256}$/u, 'a tag value (* as wildcard)']),
        enforced_for: list([/^[a-z0-9-]+:([a-zA-Z0-9-]+|\*|ALL_SUPPORTED)$/, 'service:resource-type, service:* or service:ALL_SUPPORTED']),
        report_required_tag_for: list([/^[a-z0-9-]+:([a-zA-Z0-9-]+|\*|ALL_SUPPORTED)$/, 'service:resource-type, service:* or service:ALL_SUPPORTED']),
      },
      { required: ['tag_key'] },
    )),
  },
  { required: ['tags'] },
);

/** @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html */
const LIFECYCLE = branch({
  move_to_cold_storage_after_days: int(1, 36500),
  delete_after_days: int(1, 36500),
  opt_in_to_archive_for_supported_resources: leaf(BOOLEAN),
});
const TAG_PAIR = named(/^[\s\S]{1,128}$/, 'a tag name', branch({ tag_key: ANY_TEXT, tag_value: ANY_TEXT }));
const VAULT_ARN: readonly [RegExp, string] = [/^arn:aws[a-z-]*:backup:[a-z0-9-]+:(\$account|\d{12}):backup-vault:[A-Za-z0-9_.-]{2,50}$/, 'a backup vault ARN ($account allowed)'];
const ROLE_ARN = matching(/^arn:aws[a-z-]*:iam::(\$account|\d{12}):role\/[\w+=,.@/-]{1,512}$/, 'an IAM role ARN ($account allowed)');
const BACKUP_POLICY: Node = branch(
  {
    plans: named(/^[A-Za-z0-9_.-]{1,50}$/, 'a plan name (1-50 letters, digits, _ . -)', branch(
      {
        regions: list([/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'a region name']),
        rules: named(/^[A-Za-z0-9_.-]{1,50}$/, 'a rule name', branch(
          {
            schedule_expression: matching(/^(cron|rate)\([^)]+\)$/, 'a cron() or rate() expression'),
            schedule_expression_timezone: ANY_TEXT,
            start_backup_window_minutes: int(60, 720),
            complete_backup_window_minutes: int(60, 100000),
            enable_continuous_backup: leaf(BOOLEAN),
            lifecycle: LIFECYCLE,
            target_backup_vault_name: matching(/^[A-Za-z0-9_.-]{2,50}$/, 'a backup vault name'),
            target_logically_air_gapped_backup_vault_arn: matching(...VAULT_ARN),
            recovery_point_tags: TAG_PAIR,
            copy_actions: named(VAULT_ARN[0], VAULT_ARN[1], branch({ target_backup_vault_arn: matching(...VAULT_ARN), lifecycle: LIFECYCLE }, { required: ['target_backup_vault_arn'] })),
          },
          { required: ['schedule_expression', 'target_backup_vault_name'] },
        )),
        selections: branch({
          tags: named(/^[\s\S]{1,128}$/, 'a selection name', branch({ iam_role_arn: ROLE_ARN, tag_key: ANY_TEXT, tag_value: list() }, { required: ['iam_role_arn', 'tag_key', 'tag_value'] })),
          resources: named(/^[\s\S]{1,128}$/, 'a selection name', branch({ iam_role_arn: ROLE_ARN, resource_types: list(), not_resource_types: list() }, { required: ['iam_role_arn', 'resource_types'] })),
        }),
        advanced_backup_settings: named(/^[a-z0-9]+$/, 'a resource type (e.g. ec2)', named(/^[a-z_]+$/, 'a setting (e.g. windows_vss)', leaf(['enabled', 'disabled']))),
        backup_plan_tags: TAG_PAIR,
      },
      { required: ['regions', 'rules', 'selections'] },
    )),
  },
  { required: ['plans'] },
);

/** The grammar of each management policy type. */
export const MANAGEMENT_POLICY_GRAMMARS: Readonly<Record<string, Node>> = { DECLARATIVE_POLICY_EC2, AISERVICES_OPT_OUT_POLICY, TAG_POLICY, BACKUP_POLICY };

const VALUE_OPERATORS = ['@@assign', '@@append', '@@remove'];
const CHILD_OPERATORS = ['@@all', '@@none', '@@assign', '@@append', '@@remove'];

function checkChildOperators(value: unknown, at: string, problems: string[]): void {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => CHILD_OPERATORS.includes(v))) {
    problems.push(`${at}.@@operators_allowed_for_child_policies: ${JSON.stringify(value)} is not a list of ${CHILD_OPERATORS.join(', ')}`);
  } else if (value.includes('@@none') && value.length > 1) {
    problems.push(`${at}.@@operators_allowed_for_child_policies: ${JSON.stringify(value)} combines @@none with other operators`);
  }
}

function checkValue(node: Leaf, value: unknown, at: string, problems: string[]): void {
  const one = (v: unknown, where: string) => {
    const text = typeof v === 'number' ? String(v) : typeof v === 'boolean' ? String(v) : v;
    if (typeof text !== 'string') return problems.push(`${where}: ${JSON.stringify(v)} is not a string`);
    if (node.values && !node.values.includes(text)) return problems.push(`${where}: ${JSON.stringify(v)} is not allowed (allowed: ${node.values.join(', ')})`);
    if (node.pattern && !node.pattern[0].test(text)) return problems.push(`${where}: ${JSON.stringify(v)} is not ${node.pattern[1]}`);
    const range = INTEGER_RANGES.get(node);
    if (range && (Number(text) < range[0] || Number(text) > range[1])) problems.push(`${where}: ${JSON.stringify(v)} is out of range (allowed: ${range[0]} to ${range[1]})`);
    return undefined;
  };
  if (node.list) {
    if (!Array.isArray(value)) return void problems.push(`${at}: ${JSON.stringify(value)} is not a list`);
    value.forEach((v, i) => one(v, `${at}[${i}]`));
  } else {
    one(value, at);
  }
}

function walk(node: Node, value: unknown, at: string, problems: string[]): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${at}: ${JSON.stringify(value)} is not an object (attributes and operators are JSON objects)`);
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  for (const [key, v] of entries) if (key === '@@operators_allowed_for_child_policies') checkChildOperators(v, at, problems);
  const setters = entries.filter(([k]) => VALUE_OPERATORS.includes(k));
  if (node.kind === 'leaf') {
    const others = entries.filter(([k]) => !VALUE_OPERATORS.includes(k) && k !== '@@operators_allowed_for_child_policies').map(([k]) => k);
    if (others.length) problems.push(`${at}: ${others.map((k) => `"${k}"`).join(', ')} is not allowed here (a value is set with @@assign, @@append or @@remove)`);
    if (setters.length !== 1) problems.push(`${at}: needs exactly one of @@assign, @@append, @@remove (found ${setters.length})`);
    for (const [op, v] of setters) {
      if (op !== '@@assign' && !node.list) problems.push(`${at}.${op}: only @@assign sets a single value (@@append and @@remove apply to lists)`);
      else checkValue(node, v, `${at}.${op}`, problems);
    }
    return;
  }
  for (const [op] of setters) problems.push(`${at}.${op}: is not allowed on an object; set values on its attributes`);
  for (const [key, v] of entries) {
    if (key.startsWith('@@')) {
      if (key !== '@@operators_allowed_for_child_policies' && !VALUE_OPERATORS.includes(key)) problems.push(`${at}.${key}: is not an operator (allowed: ${[...VALUE_OPERATORS, '@@operators_allowed_for_child_policies'].join(', ')})`);
      continue;
    }
    const child = node.keys?.[key] ?? (node.named && node.named[0].test(key) ? node.named[2] : undefined);
    if (!child) {
      const allowed = [...Object.keys(node.keys ?? {}), ...(node.named ? [`<${node.named[1]}>`] : [])];
      problems.push(`${at}.${key}: is not a documented attribute here (allowed: ${allowed.join(', ')})`);
      continue;
    }
    walk(child, v, `${at}.${key}`, problems);
  }
  for (const key of node.required ?? []) if (!(key in (value as object))) problems.push(`${at}: "${key}" is required`);
}

/** Every grammar problem of `content` as a policy of `type`, each naming its path (e.g. `ec2_attributes.serial_console_access.status.@@assign`). */
export function managementPolicyProblems(type: string, content: unknown): string[] {
  const grammar = MANAGEMENT_POLICY_GRAMMARS[type];
  if (!grammar) return [];
  const problems: string[] = [];
  const document = typeof content === 'string' ? safeParse(content, problems) : content;
  if (document !== undefined) walk(grammar, document, '$', problems);
  // A tag policy's key names its tag: the tag_key must be the same word, in the capitalization required.
  if (type === 'TAG_POLICY' && document && typeof document === 'object') {
    for (const [policyKey, rule] of Object.entries((document as any).tags ?? {})) {
      const tagKey = (rule as any)?.tag_key?.['@@assign'];
      if (typeof tagKey === 'string' && tagKey.toLowerCase() !== policyKey.toLowerCase()) {
        problems.push(`$.tags.${policyKey}.tag_key.@@assign: "${tagKey}" must match the policy key "${policyKey}" except for case`);
      }
    }
  }
  return problems;
}

function safeParse(text: string, problems: string[]): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    problems.push(`$: not JSON (${(e as Error).message})`);
    return undefined;
  }
}
