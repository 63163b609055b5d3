//! The REST API's storage (issue 14, `/api/v1`): tokens, what each resource serves and
//! who reads which row, and the idempotency keys of creations. The server's `api` module
//! wires HTTP around it; writes go through record change files like a laptop's, so they
//! are not here.

mod cache;
mod idempotency;
mod read;
mod record;
mod resources;
mod tokens;

pub use cache::{ApiCache, KeptAnswer};
pub use idempotency::{finish_idempotent, forget_idempotent, start_idempotent, IdempotentStart};
pub use read::{
    get_record, list_records, ApiPage, ApiReach, ListQuery, QueryError, DEFAULT_LIMIT,
    MAX_FILTER_CHARS, MAX_LIMIT,
};
pub use record::ApiRecord;
pub use resources::{
    ApiResource, FieldKind, FieldSpec, FilterKind, FilterSpec, ResourceSpec, Shape, RESOURCES,
};
pub use tokens::{
    authenticate_api_token, create_api_token, list_api_tokens, revoke_api_token, ApiCaller,
    ApiToken, IssuedToken, TokenAccess, TokenError, TokenScopes, MAX_TOKEN_NAME_CHARS,
    TOKEN_PREFIX,
};
