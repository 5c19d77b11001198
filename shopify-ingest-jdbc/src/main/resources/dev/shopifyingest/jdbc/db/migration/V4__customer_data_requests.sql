-- customers/data_request: the export of everything stored about the customer, kept for the
-- merchant to pass on (Shopify leaves the hand-over to the app). Written in the delivery's own
-- transaction, so a stored delivery is never half-applied; erased with the customer
-- (customers/redact) and with the shop (shop/redact, by the cascade).
create table ${schema}.customer_data_requests (
    shop_id          bigint      not null references ${schema}.shops (shop_id) on delete cascade,
    webhook_id       text        not null,   -- X-Shopify-Webhook-Id of the delivery
    data_request_id  text,                   -- Shopify's data_request.id, when sent
    customer_id      bigint      not null,
    orders_requested bigint[]    not null,
    export           jsonb       not null,
    received_at      timestamptz not null,
    primary key (shop_id, webhook_id)
);

create index customer_data_requests_by_customer on ${schema}.customer_data_requests (shop_id, customer_id);

alter table ${schema}.customer_data_requests enable row level security;
alter table ${schema}.customer_data_requests force row level security;
create policy customer_data_requests_tenant on ${schema}.customer_data_requests
    using (shop_id = ${schema}.current_shop_id())
    with check (shop_id = ${schema}.current_shop_id());

grant select, insert, update, delete on ${schema}.customer_data_requests to ${applicationRole};
