/**
 * The database ports the construct library agrees on: `SecureDatabase` listens on them by default and
 * `TieredVpc`'s data tiers admit them from the app tier by default, so the two work together unchanged.
 * They are the engines' defaults plus one: AwsSolutions-RDS11 rejects an engine's default port.
 */
export const SECURE_DATABASE_PORTS = { postgres: 5433, mysql: 3307, mariadb: 3307 } as const;

/** Each engine's own default port (which `SecureDatabase` refuses). */
export const ENGINE_DEFAULT_PORTS = { postgres: 5432, mysql: 3306, mariadb: 3306 } as const;

/**
 * Remote server administration ports (SSH, RDP; CIS 5.2-5.4): only the admin tier may open them, and the
 * synth rule and compliance detector keep them closed to the internet.
 */
export const REMOTE_ADMIN_PORTS: readonly number[] = [22, 3389];

/** CIFS / SMB (CIS 5.1.2): never reachable from the internet, opened by no tier. */
export const CIFS_PORTS: readonly number[] = [445];
