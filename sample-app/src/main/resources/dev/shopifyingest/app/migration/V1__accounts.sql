-- The sample app's own tables: accounts and their access to shops. Shop data itself lives in the
-- schemas of shopify-ingest-jdbc; memberships name a shop by its *.myshopify.com domain until
-- that module's shop registry is wired in.

create table users (
    id            bigint generated always as identity primary key,
    -- normalised by the app: trimmed, lower case, validated
    email         text        not null,
    -- a PHC string: $argon2id$v=19$m=...,t=...,p=...$salt$hash
    password_hash text        not null,
    created_at    timestamptz not null,
    constraint users_email_unique unique (email),
    constraint users_email_normalised check (email = lower(email) and length(email) between 3 and 254),
    constraint users_password_hash_argon2id check (password_hash like '$argon2id$%')
);

create table memberships (
    user_id     bigint      not null references users (id) on delete cascade,
    shop_domain text        not null,
    role        text        not null default 'owner',
    created_at  timestamptz not null,
    primary key (user_id, shop_domain),
    constraint memberships_shop_domain_valid check (shop_domain ~ '^[a-z0-9][a-z0-9-]*\.myshopify\.com$'),
    constraint memberships_role_known check (role in ('owner', 'member'))
);

create index memberships_by_shop on memberships (shop_domain);

-- One row per log-in. The session token (a JWT in a cookie) names its row, so logging out
-- revokes it on every instance, and a session has an absolute end however often it is renewed.
create table sessions (
    id         uuid        primary key,
    user_id    bigint      not null references users (id) on delete cascade,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    revoked_at timestamptz
);

create index sessions_by_user on sessions (user_id);

-- Log-in attempts, for rate limiting that holds across instances. Emails are stored as typed
-- (normalised when valid), so unknown emails are limited exactly like known ones.
create table login_attempts (
    id             bigint      generated always as identity primary key,
    email          text        not null,
    client_address text        not null,
    succeeded      boolean     not null,
    attempted_at   timestamptz not null
);

create index login_attempts_by_email on login_attempts (email, attempted_at);
create index login_attempts_failures_by_address on login_attempts (client_address, attempted_at) where not succeeded;
create index login_attempts_by_time on login_attempts (attempted_at);
