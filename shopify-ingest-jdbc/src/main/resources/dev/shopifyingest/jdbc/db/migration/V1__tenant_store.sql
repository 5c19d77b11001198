-- shopify-ingest-jdbc, V1: the tenant registry, the ingested entities, sync checkpoints and the
-- webhook inbox, with row-level security keyed on the transaction's tenant.
--
-- Flyway placeholders (set by PostgresStore.migrate()):
--   ${schema}           the schema everything lives in (default shopify_ingest)
--   ${applicationRole}  the role tenant transactions run as (default shopify_ingest_app);
--                       non-superuser, NOBYPASSRLS, so row-level security always applies to it
--
-- Conventions: every key includes shop_id (Citus-ready: tables distribute by shop_id); money is
-- numeric, instants timestamptz, the source JSON node jsonb. Entities are never physically
-- deleted by a Shopify deletion: deleted_at marks a tombstone, so an older version arriving later
-- cannot bring the row back. Reads hide rows whose deleted_at is set.

-- ---------------------------------------------------------------------------------------------
-- The application role. Created here when the migrating role may create roles; otherwise an
-- administrator runs the CREATE ROLE below once (see docs/data-model.md) before migrating.
-- ---------------------------------------------------------------------------------------------
do $$
declare
    app record;
begin
    select rolsuper, rolbypassrls into app from pg_roles where rolname = '${applicationRole}';
    if not found then
        if not exists (select 1 from pg_roles where rolname = current_user and (rolsuper or rolcreaterole)) then
            raise exception 'The application role ${applicationRole} does not exist and % may not create roles',
                current_user
                using hint = 'Ask an administrator to run: CREATE ROLE ${applicationRole} NOLOGIN NOSUPERUSER NOBYPASSRLS; GRANT ${applicationRole} TO ' || current_user || ';';
        end if;
        begin
            create role ${applicationRole} nologin nosuperuser nobypassrls;
        exception when duplicate_object then
            null; -- another database on this server created it concurrently
        end;
    elsif app.rolsuper or app.rolbypassrls then
        raise exception 'The application role ${applicationRole} bypasses row-level security (superuser or BYPASSRLS)'
            using hint = 'Use a role without SUPERUSER and BYPASSRLS: ALTER ROLE ${applicationRole} NOSUPERUSER NOBYPASSRLS;';
    end if;
    -- The store switches to the application role with SET LOCAL ROLE, which needs membership.
    if not pg_has_role(current_user, '${applicationRole}', 'MEMBER') then
        execute format('grant %I to %I', '${applicationRole}', current_user);
    end if;
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Who the current transaction acts for. The store sets these with SET LOCAL, so they end with
-- the transaction; a connection that set nothing sees no tenant rows.
--   shopify_ingest.shop_id  the tenant (shops.shop_id)
--   shopify_ingest.scope    'registry' for the store's own cross-tenant work on shops and
--                           webhook_inbox (looking a shop up by domain, claiming inbox rows)
-- ---------------------------------------------------------------------------------------------
create function ${schema}.current_shop_id() returns bigint
    language sql stable parallel safe
as $$ select nullif(current_setting('shopify_ingest.shop_id', true), '')::bigint $$;

create function ${schema}.in_registry_scope() returns boolean
    language sql stable parallel safe
as $$ select coalesce(current_setting('shopify_ingest.scope', true) = 'registry', false) $$;

-- True when PostgreSQL knows the time zone name (IANA names such as Europe/Berlin, or UTC).
create function ${schema}.is_time_zone(name text) returns boolean
    language plpgsql stable
as $$
begin
    perform now() at time zone name;
    return true;
exception when others then
    return false;
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Tenant registry
-- ---------------------------------------------------------------------------------------------
create table ${schema}.shops (
    shop_id                  bigint generated always as identity primary key,
    domain                   text not null unique
        check (domain ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.myshopify\.com$'),
    name                     text,
    currency_code            text check (currency_code ~ '^[A-Z]{3}$'),
    time_zone                text check (${schema}.is_time_zone(time_zone)),
    -- AES-256-GCM envelopes (key id, nonce, ciphertext and tag); null once revoked.
    access_token             bytea,
    access_token_expires_at  timestamptz,
    refresh_token            bytea,
    refresh_token_expires_at timestamptz,
    token_key_id             text,
    scopes                   text[] not null default '{}',
    installed_at             timestamptz not null,
    uninstalled_at           timestamptz,
    sync_status              text not null default 'PENDING'
        check (sync_status in ('PENDING', 'SYNCING', 'IDLE', 'FAILED', 'STOPPED')),
    sync_status_detail       text,
    last_synced_at           timestamptz,
    created_at               timestamptz not null,
    updated_at               timestamptz not null
);

-- ---------------------------------------------------------------------------------------------
-- Customers
-- ---------------------------------------------------------------------------------------------
create table ${schema}.customers (
    shop_id               bigint not null references ${schema}.shops (shop_id) on delete cascade,
    id                    bigint not null,
    first_name            text,
    last_name             text,
    email                 text,
    phone                 text,
    state                 text,
    tags                  text[] not null default '{}',
    number_of_orders      bigint,
    amount_spent          numeric,
    amount_spent_currency text,
    created_at            timestamptz,
    updated_at            timestamptz,          -- null only for a tombstone of a never-stored customer
    deleted_at            timestamptz,
    last_seen_at          timestamptz not null, -- last delivery by a sync or webhook (full-pass reconciliation)
    redacted_at           timestamptz,          -- personal data erased (customers/redact)
    raw                   jsonb,
    primary key (shop_id, id)
);

-- ---------------------------------------------------------------------------------------------
-- Products and their variants
-- ---------------------------------------------------------------------------------------------
create table ${schema}.products (
    shop_id      bigint not null references ${schema}.shops (shop_id) on delete cascade,
    id           bigint not null,
    title        text,
    handle       text,
    vendor       text,
    product_type text,
    status       text,
    tags         text[] not null default '{}',
    created_at   timestamptz,
    updated_at   timestamptz,
    deleted_at   timestamptz,
    last_seen_at timestamptz not null,
    raw          jsonb,
    primary key (shop_id, id)
);

create table ${schema}.product_variants (
    shop_id            bigint not null,
    product_id         bigint not null,
    id                 bigint not null,
    list_index         integer not null, -- position in the product's list as ingested
    title              text,
    sku                text,
    price              numeric not null,
    inventory_quantity integer,
    position           integer not null,
    created_at         timestamptz,
    updated_at         timestamptz,
    primary key (shop_id, product_id, id),
    foreign key (shop_id, product_id) references ${schema}.products (shop_id, id) on delete cascade
);

-- ---------------------------------------------------------------------------------------------
-- Orders, their line items and refunds
-- ---------------------------------------------------------------------------------------------
create table ${schema}.orders (
    shop_id             bigint not null references ${schema}.shops (shop_id) on delete cascade,
    id                  bigint not null,
    name                text,
    customer_id         bigint,
    email               text,
    created_at          timestamptz,
    processed_at        timestamptz,
    updated_at          timestamptz,
    cancelled_at        timestamptz,
    closed_at           timestamptz,
    test                boolean not null default false,
    financial_status    text,
    fulfillment_status  text,
    currency_code       text,
    subtotal            numeric,
    total_discounts     numeric,
    total_shipping      numeric,
    total_tax           numeric,
    total_price         numeric,
    current_total_price numeric,
    total_refunded      numeric,
    net_payment         numeric,
    deleted_at          timestamptz,
    last_seen_at        timestamptz not null,
    redacted_at         timestamptz, -- the buyer's personal data erased (customers/redact)
    raw                 jsonb,
    primary key (shop_id, id)
);

create index orders_processed_at on ${schema}.orders (shop_id, processed_at);
create index orders_customer on ${schema}.orders (shop_id, customer_id);

create table ${schema}.order_line_items (
    shop_id             bigint not null,
    order_id            bigint not null,
    id                  bigint not null,
    list_index          integer not null,
    product_id          bigint,
    variant_id          bigint,
    title               text,
    variant_title       text,
    sku                 text,
    quantity            integer not null,
    current_quantity    integer not null,
    original_unit_price numeric not null,
    discounted_total    numeric not null,
    total_discount      numeric not null,
    primary key (shop_id, order_id, id),
    foreign key (shop_id, order_id) references ${schema}.orders (shop_id, id) on delete cascade
);

create index order_line_items_product on ${schema}.order_line_items (shop_id, product_id);

create table ${schema}.refunds (
    shop_id    bigint not null,
    order_id   bigint not null,
    id         bigint not null,
    list_index integer not null,
    created_at timestamptz not null,
    amount     numeric not null,
    note       text,
    primary key (shop_id, order_id, id),
    foreign key (shop_id, order_id) references ${schema}.orders (shop_id, id) on delete cascade
);

create index refunds_created_at on ${schema}.refunds (shop_id, created_at);

-- ---------------------------------------------------------------------------------------------
-- Sync checkpoints (core's SyncCheckpoint), one per shop and entity type
-- ---------------------------------------------------------------------------------------------
create table ${schema}.sync_checkpoints (
    shop_id           bigint not null references ${schema}.shops (shop_id) on delete cascade,
    entity_type       text not null check (entity_type in ('CUSTOMER', 'PRODUCT', 'ORDER')),
    phase             text not null check (phase in ('PAGING', 'BULK', 'IDLE')),
    cursor            text,
    bulk_operation_id text,
    bulk_records_done bigint not null default 0,
    window_start      timestamptz,
    watermark         timestamptz,
    run_started_at    timestamptz,
    saved_at          timestamptz not null,
    primary key (shop_id, entity_type)
);

-- ---------------------------------------------------------------------------------------------
-- Webhook inbox: each verified delivery once, applied by processors
-- ---------------------------------------------------------------------------------------------
create table ${schema}.webhook_inbox (
    shop_id         bigint not null references ${schema}.shops (shop_id) on delete cascade,
    webhook_id      text not null,
    topic           text not null,
    event_id        text,
    triggered_at    timestamptz,
    api_version     text,
    sub_topic       text,
    name            text,
    body            bytea,            -- cleared once applied: the data lives in the tables then
    received_at     timestamptz not null,
    status          text not null default 'PENDING' check (status in ('PENDING', 'DONE')),
    attempts        integer not null default 0,
    last_error      text,
    next_attempt_at timestamptz not null,
    processed_at    timestamptz,
    primary key (shop_id, webhook_id)
);

create index webhook_inbox_pending on ${schema}.webhook_inbox (next_attempt_at) where status = 'PENDING';

-- ---------------------------------------------------------------------------------------------
-- Row-level security: enabled and forced (the owner is subject too; superusers never are, which
-- is why the store runs tenant transactions as ${applicationRole}).
-- ---------------------------------------------------------------------------------------------
alter table ${schema}.shops enable row level security;
alter table ${schema}.shops force row level security;
create policy shops_tenant on ${schema}.shops
    using (shop_id = ${schema}.current_shop_id() or ${schema}.in_registry_scope())
    with check (shop_id = ${schema}.current_shop_id() or ${schema}.in_registry_scope());

alter table ${schema}.webhook_inbox enable row level security;
alter table ${schema}.webhook_inbox force row level security;
create policy webhook_inbox_tenant on ${schema}.webhook_inbox
    using (shop_id = ${schema}.current_shop_id() or ${schema}.in_registry_scope())
    with check (shop_id = ${schema}.current_shop_id() or ${schema}.in_registry_scope());

do $$
declare
    t text;
begin
    foreach t in array array['customers', 'products', 'product_variants', 'orders', 'order_line_items',
                             'refunds', 'sync_checkpoints']
    loop
        execute format('alter table %I.%I enable row level security', '${schema}', t);
        execute format('alter table %I.%I force row level security', '${schema}', t);
        execute format('create policy %I on %I.%I using (shop_id = %I.current_shop_id())'
                           || ' with check (shop_id = %I.current_shop_id())',
                       t || '_tenant', '${schema}', t, '${schema}', '${schema}');
    end loop;
end
$$;

-- ---------------------------------------------------------------------------------------------
-- What the application role may do. No DDL, no TRUNCATE, nothing on the migration history.
-- ---------------------------------------------------------------------------------------------
grant usage on schema ${schema} to ${applicationRole};
grant select, insert, update, delete on
    ${schema}.shops, ${schema}.customers, ${schema}.products, ${schema}.product_variants, ${schema}.orders,
    ${schema}.order_line_items, ${schema}.refunds, ${schema}.sync_checkpoints, ${schema}.webhook_inbox
    to ${applicationRole};
grant execute on function ${schema}.current_shop_id(), ${schema}.in_registry_scope(), ${schema}.is_time_zone(text)
    to ${applicationRole};
