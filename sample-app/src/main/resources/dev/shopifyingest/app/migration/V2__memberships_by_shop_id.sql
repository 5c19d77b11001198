-- Memberships now name a shop by the id shopify-ingest-jdbc's shop registry gives it (the tenant
-- id every row of the shop carries), not by its domain: a domain can change hands, an id cannot.
-- No route created memberships before this version, so there is nothing to backfill.

delete from memberships;

alter table memberships
    drop constraint memberships_pkey,
    drop column shop_domain,
    add column shop_id bigint not null,
    add primary key (user_id, shop_id);

create index memberships_by_shop on memberships (shop_id);

-- OAuth states issued by ShopifyOAuth.authorize, in the database so the callback may reach any
-- instance. Each is single-use (deleted when consumed) and short-lived.
create table oauth_states (
    nonce          text        primary key,
    session_digest text        not null,
    shop_domain    text        not null,
    expires_at     timestamptz not null
);

create index oauth_states_by_expiry on oauth_states (expires_at);
