/** Would be the AWS CLI layer zip; reading it throws (see README.md). */
export declare const ASSET_FILE: string;
/** Would be the layer's source folder; reading it throws (see README.md). */
export declare const LAYER_SOURCE_DIR: string;
