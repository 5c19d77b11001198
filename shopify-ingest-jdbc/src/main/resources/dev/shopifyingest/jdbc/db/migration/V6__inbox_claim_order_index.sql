-- shopify-ingest-jdbc, V6: the processors claim due deliveries shop by shop, a fair share each,
-- oldest first within a shop (so a flood of one shop's webhooks does not delay another shop's).
-- An index in exactly that order lets a claim find the shops with due deliveries by skipping
-- from one shop to the next, and read each shop's first rows instead of sorting every delivery
-- that shares a next_attempt_at (a whole group commit of webhooks shares one).
-- A webhook inbox sees many short-lived rows: vacuum it after a few thousand changes rather than
-- a fifth of the table, so claims do not walk long runs of dead index entries.
create index webhook_inbox_due on ${schema}.webhook_inbox (shop_id, next_attempt_at, received_at)
    where status = 'PENDING';
drop index ${schema}.webhook_inbox_pending;
alter table ${schema}.webhook_inbox set (autovacuum_vacuum_scale_factor = 0.0, autovacuum_vacuum_threshold = 5000,
                                         autovacuum_vacuum_insert_scale_factor = 0.0,
                                         autovacuum_vacuum_insert_threshold = 5000);
