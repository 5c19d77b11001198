-- shopify-ingest-jdbc, V2: a customer's tags may be unknown. Customer webhook payloads of recent
-- API versions leave tags out; a version that did not report them must neither wipe the stored
-- tags nor be stored as "no tags" for a customer seen for the first time.
alter table ${schema}.customers alter column tags drop not null;
alter table ${schema}.customers alter column tags drop default;
