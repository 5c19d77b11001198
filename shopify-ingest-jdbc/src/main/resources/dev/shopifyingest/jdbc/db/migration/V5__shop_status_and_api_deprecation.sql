-- shopify-ingest-jdbc, V5: a shop's status says what the merchant must do.
-- RECONNECT_NEEDED: Shopify no longer accepts the shop's access (revoked, refresh expired, a
-- scope missing); only connecting the shop again restores it. UNAVAILABLE: Shopify refuses to
-- serve the shop (frozen, locked, inactive) until its owner acts. Both were stored before as
-- FAILED with a "[reconnect_needed] " or "[unavailable] " prefix in the detail: converted here.
alter table ${schema}.shops drop constraint shops_sync_status_check;
alter table ${schema}.shops add constraint shops_sync_status_check
    check (sync_status in ('PENDING', 'SYNCING', 'IDLE', 'FAILED', 'STOPPED', 'RECONNECT_NEEDED', 'UNAVAILABLE'));

update ${schema}.shops
   set sync_status = 'RECONNECT_NEEDED', sync_status_detail = substr(sync_status_detail, 20)
 where sync_status = 'FAILED' and starts_with(sync_status_detail, '[reconnect_needed] ');
update ${schema}.shops
   set sync_status = 'UNAVAILABLE', sync_status_detail = substr(sync_status_detail, 15)
 where sync_status = 'FAILED' and starts_with(sync_status_detail, '[unavailable] ');

-- The last X-Shopify-API-Deprecated-Reason Shopify sent for the shop, with the API version asked for.
alter table ${schema}.shops add column api_deprecation_reason text;
alter table ${schema}.shops add column api_deprecation_version text;
alter table ${schema}.shops add column api_deprecation_noticed_at timestamptz;
