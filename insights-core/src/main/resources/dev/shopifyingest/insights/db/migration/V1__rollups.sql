-- insights-core, V1: rollups that answer insights in time proportional to days, not orders, kept
-- exact on every insert, update and delete of orders, line items, refunds and customers.
--
-- Runs after shopify-ingest-jdbc's migrations (Insights.migrate()), with its own history table.
-- Flyway placeholders:
--   ${schema}           the store's schema (default shopify_ingest)
--   ${applicationRole}  the role tenant transactions run as (default shopify_ingest_app)
--
-- How the rollups stay exact
--   * An order counts when it is not a tombstone (deleted_at is null) and has a processed_at; it
--     belongs to the local day of processed_at in the shop's time zone (shops.time_zone, UTC when
--     unknown). Its kind says whether it is cancelled (bit 1) and a test order (bit 2); every
--     rollup row is split by kind, so a query chooses what to exclude without losing exactness.
--   * Statement-level AFTER triggers read the transition tables (REFERENCING OLD/NEW TABLE) of a
--     whole statement: an upsert of 500 orders is one aggregate per rollup, not 500. An update is
--     applied as "minus the old facts, plus the new facts" for the rows whose facts changed, so an
--     upsert that touches nothing analytical (last_seen_at, a stale version) changes nothing.
--   * Line items and refunds count through their order's facts: when an order's day, kind or
--     counting changes, its current children move with it; when children change, they count
--     under the current order. Deleting an order row outright (rare: tombstones are updates) is
--     handled row by row before the delete, while its children still exist.
--   * Every rollup row carries a count (orders, lines, refunds); a row whose count reaches zero
--     is deleted, so incremental maintenance and insights_rebuild() produce identical tables.
--   * Work on the same customer is serialized by locking its insights_customer_firsts row first;
--     later statements of the trigger then see what a concurrent transaction committed. Under
--     REPEATABLE READ or SERIALIZABLE the same lock raises a serialization failure instead: retry.
--
-- Customers who ordered in a range [from, to], exactly, in time proportional to its days:
--   insights_customer_gaps holds, per mode (set of kinds counted) and local day d, the number of
--   customers whose first order ever is on d (new_customers), and lapsed[k + 1] = the number of
--   customers ordering on d whose previous order day is more than k days before d. A customer
--   active in the range has exactly one "first order in the range" day d, and its previous order
--   is before `from` iff the gap exceeds k = d - from. So
--     new       = sum of new_customers over the range
--     returning = sum over the range of lapsed[d - from + 1]
--   k never exceeds insights_max_range_days() - 1, which caps the arrays.
--
-- Plans: the functions receive arrays and transition tables whose sizes range from one row to a
-- million; they plan every statement for the data at hand (plan_cache_mode = force_custom_plan)
-- rather than reuse a plan made for another size.
--
-- Security: the trigger functions are SECURITY DEFINER (the owner writes the rollups; the
-- application role may only read them), with a fixed search_path. Row-level security is forced on
-- every rollup table, so the owner, too, only touches the transaction's tenant.

-- ---------------------------------------------------------------------------------------------
-- Definitions
-- ---------------------------------------------------------------------------------------------

-- The longest range, in days, that queries accept (InsightsQuery.MAX_DAYS); sizes the gap arrays.
create function ${schema}.insights_max_range_days() returns integer
    language sql immutable parallel safe
as $$ select 731 $$;

-- 0 ordinary, 1 cancelled, 2 test, 3 cancelled test order.
create function ${schema}.insights_kind(p_cancelled_at timestamptz, p_test boolean) returns smallint
    language sql immutable parallel safe
as $$ select ((p_cancelled_at is not null)::integer + 2 * coalesce(p_test, false)::integer)::smallint $$;

-- The calendar day an instant falls on in a time zone (UTC when the shop's zone is unknown).
create function ${schema}.insights_local_day(p_instant timestamptz, p_zone text) returns date
    language sql stable parallel safe
as $$ select (p_instant at time zone coalesce(p_zone, 'UTC'))::date $$;

-- What one order contributes, or no row when it does not count (tombstone, no processed_at).
-- Sales figures follow Shopify's: gross sales = line items before discounts; shipping and taxes
-- as charged. spend = what the customer paid net of refunds on this order, never below zero.
create function ${schema}.insights_order_facts(
        p_processed_at timestamptz, p_deleted_at timestamptz, p_cancelled_at timestamptz, p_test boolean,
        p_subtotal numeric, p_total_discounts numeric, p_total_shipping numeric, p_total_tax numeric,
        p_total_price numeric, p_total_refunded numeric, p_zone text)
    returns table (day date, kind smallint, gross_sales numeric, discounts numeric, shipping numeric,
                   taxes numeric, spend numeric)
    language sql stable parallel safe
as $$
    select ${schema}.insights_local_day(p_processed_at, p_zone),
           ${schema}.insights_kind(p_cancelled_at, p_test),
           m.items + m.discounts, m.discounts, m.shipping, m.taxes,
           greatest(coalesce(p_total_price, m.items + m.shipping + m.taxes) - coalesce(p_total_refunded, 0), 0)
    from (select coalesce(p_total_discounts, 0) as discounts,
                 coalesce(p_total_shipping, 0) as shipping,
                 coalesce(p_total_tax, 0) as taxes,
                 coalesce(p_subtotal, p_total_price - coalesce(p_total_shipping, 0) - coalesce(p_total_tax, 0), 0)
                     as items) m
    where p_deleted_at is null and p_processed_at is not null
$$;

-- ---------------------------------------------------------------------------------------------
-- Rollup tables (tenant tables: shop_id leads every key). No foreign keys: a check per rollup row
-- would cost more than the rollup itself; insights_shop_deleted removes a deleted shop's rows.
-- ---------------------------------------------------------------------------------------------

-- Per local day and kind: orders processed that day and their money, refunds made that day.
create table ${schema}.insights_daily_sales (
    shop_id      bigint not null,
    day          date not null,
    kind         smallint not null check (kind between 0 and 3),
    orders       bigint not null,
    gross_sales  numeric not null,
    discounts    numeric not null,
    shipping     numeric not null,
    taxes        numeric not null,
    refund_count bigint not null,
    refunds      numeric not null,
    primary key (shop_id, day, kind)
);

-- Per local day, kind and product: line items sold (units and revenue after discounts).
create table ${schema}.insights_product_days (
    shop_id    bigint not null,
    day        date not null,
    kind       smallint not null check (kind between 0 and 3),
    product_id bigint not null,
    lines      bigint not null,
    units      bigint not null,
    revenue    numeric not null,
    primary key (shop_id, day, kind, product_id)
);

-- The same per calendar month (month = its first day), for long ranges.
create table ${schema}.insights_product_months (
    shop_id    bigint not null,
    month      date not null,
    kind       smallint not null check (kind between 0 and 3),
    product_id bigint not null,
    lines      bigint not null,
    units      bigint not null,
    revenue    numeric not null,
    primary key (shop_id, month, kind, product_id)
);

-- Per customer, local day and kind: orders placed and spend (exact figures of any range).
create table ${schema}.insights_customer_days (
    shop_id     bigint not null,
    customer_id bigint not null,
    day         date not null,
    kind        smallint not null check (kind between 0 and 3),
    orders      bigint not null,
    spend       numeric not null,
    primary key (shop_id, customer_id, day, kind)
);

-- The same per calendar month; ordered by spend, these are the lists that top-customer queries
-- read from the top (threshold algorithm) until no unread customer can enter the top N.
create table ${schema}.insights_customer_months (
    shop_id     bigint not null,
    customer_id bigint not null,
    month       date not null,
    kind        smallint not null check (kind between 0 and 3),
    orders      bigint not null,
    spend       numeric not null,
    primary key (shop_id, customer_id, month, kind)
);

create index insights_customer_months_by_spend
    on ${schema}.insights_customer_months (shop_id, kind, month, spend desc, customer_id);

-- Per customer: the day of the first counted order in each mode (index = mode + 1). Its row is
-- also the lock that serializes rollup work on one customer.
create table ${schema}.insights_customer_firsts (
    shop_id          bigint not null,
    customer_id      bigint not null,
    first_order_days date[] not null,
    primary key (shop_id, customer_id)
);

-- Per mode and local day: new customers and, by gap since their previous order, returning ones.
create table ${schema}.insights_customer_gaps (
    shop_id       bigint not null,
    mode          smallint not null check (mode between 0 and 3),
    day           date not null,
    new_customers bigint not null,
    lapsed        integer[] not null,
    primary key (shop_id, mode, day)
);

-- Per shop: customers stored and not deleted.
create table ${schema}.insights_shop_totals (
    shop_id   bigint not null primary key,
    customers bigint not null
);

-- ---------------------------------------------------------------------------------------------
-- Deltas passed between the trigger functions and the functions that apply them (signed)
-- ---------------------------------------------------------------------------------------------
create type ${schema}.insights_order_delta as (
    shop_id bigint, order_id bigint, customer_id bigint, day date, kind smallint, orders integer,
    gross_sales numeric, discounts numeric, shipping numeric, taxes numeric, spend numeric);

create type ${schema}.insights_line_delta as (
    shop_id bigint, product_id bigint, day date, kind smallint, lines integer, units bigint, revenue numeric);

create type ${schema}.insights_refund_delta as (
    shop_id bigint, day date, kind smallint, refunds integer, amount numeric);

create type ${schema}.insights_line_row as (
    shop_id bigint, order_id bigint, product_id bigint, quantity integer, discounted_total numeric);

create type ${schema}.insights_refund_row as (
    shop_id bigint, order_id bigint, created_at timestamptz, amount numeric);

-- ---------------------------------------------------------------------------------------------
-- Applying deltas
-- ---------------------------------------------------------------------------------------------

-- Deletes the day rows that no longer count anything (keys given as parallel arrays).
create function ${schema}.insights_delete_empty_days(p_shops bigint[], p_days date[], p_kinds smallint[])
    returns void
    language plpgsql
    set search_path = ${schema}, pg_temp
    set plan_cache_mode = force_custom_plan
as $$
begin
    if p_shops is not null then
        delete from insights_daily_sales t
        using unnest(p_shops, p_days, p_kinds) as z(shop_id, day, kind)
        where t.shop_id = z.shop_id and t.day = z.day and t.kind = z.kind and t.orders = 0 and t.refund_count = 0;
    end if;
end
$$;

-- Day totals, then each shop's customer rollups.
create function ${schema}.insights_apply_orders(p_deltas ${schema}.insights_order_delta[]) returns void
    language plpgsql
    set search_path = ${schema}, pg_temp
    set plan_cache_mode = force_custom_plan
as $$
declare
    v_shop bigint;
    v_shops bigint[];
    v_days date[];
    v_kinds smallint[];
begin
    if coalesce(cardinality(p_deltas), 0) = 0 then
        return;
    end if;

    with changed as (
        insert into insights_daily_sales as t
            (shop_id, day, kind, orders, gross_sales, discounts, shipping, taxes, refund_count, refunds)
        select d.shop_id, d.day, d.kind, sum(d.orders), sum(d.gross_sales), sum(d.discounts), sum(d.shipping),
               sum(d.taxes), 0, 0
        from unnest(p_deltas) d
        group by d.shop_id, d.day, d.kind
        having sum(d.orders) <> 0 or sum(d.gross_sales) <> 0 or sum(d.discounts) <> 0 or sum(d.shipping) <> 0
            or sum(d.taxes) <> 0
        order by d.shop_id, d.day, d.kind
        on conflict (shop_id, day, kind) do update set
            orders = t.orders + excluded.orders,
            gross_sales = t.gross_sales + excluded.gross_sales,
            discounts = t.discounts + excluded.discounts,
            shipping = t.shipping + excluded.shipping,
            taxes = t.taxes + excluded.taxes
        returning t.shop_id, t.day, t.kind, t.orders, t.refund_count)
    select array_agg(c.shop_id), array_agg(c.day), array_agg(c.kind) into v_shops, v_days, v_kinds
    from changed c where c.orders = 0 and c.refund_count = 0;
    perform insights_delete_empty_days(v_shops, v_days, v_kinds);

    for v_shop in select distinct d.shop_id from unnest(p_deltas) d where d.customer_id is not null order by 1
    loop
        perform insights_apply_customers(v_shop, array(
            select d from unnest(p_deltas) d where d.shop_id = v_shop and d.customer_id is not null));
    end loop;
end
$$;

-- Customer days and months, first orders and gap counts of one shop's customers.
create function ${schema}.insights_apply_customers(p_shop bigint, p_deltas ${schema}.insights_order_delta[])
    returns void
    language plpgsql
    set search_path = ${schema}, pg_temp
    set plan_cache_mode = force_custom_plan
    set work_mem = '64MB'
as $$
declare
    v_max constant integer := insights_max_range_days();
    v_customers bigint[];
    v_moved bigint[];
    v_ids bigint[];
    v_days date[];
    v_kinds smallint[];
    r record;
begin
    v_customers := array(select distinct d.customer_id from unnest(p_deltas) d order by 1);

    -- Lock the customers (creating their rows), in id order so that transactions never deadlock here.
    insert into insights_customer_firsts as t (shop_id, customer_id, first_order_days)
    select p_shop, c.id, '{}' from unnest(v_customers) c(id) order by c.id
    on conflict (shop_id, customer_id) do update set first_order_days = t.first_order_days;

    -- Customers whose order days change (a customer day appears or disappears); the others, such
    -- as those whose orders only changed amounts, keep their gaps.
    v_moved := array(
        select distinct d.customer_id
        from (select d.customer_id, d.day, d.kind, sum(d.orders) as orders
              from unnest(p_deltas) d
              group by d.customer_id, d.day, d.kind
              having sum(d.orders) <> 0) d
        left join insights_customer_days c
            on c.shop_id = p_shop and c.customer_id = d.customer_id and c.day = d.day and c.kind = d.kind
        where coalesce(c.orders, 0) = 0 or c.orders + d.orders = 0
        order by 1);

    -- Gap changes: each customer's order days before and after the deltas give its "events" (day,
    -- gap since the previous order day) per mode; the change of each (mode, day, gap) count is the
    -- number of events after minus before. Aggregates only: no self-join of large sets.
    -- Events before a customer's first changed day cannot change, so its days are read from the
    -- last ordinary (kind 0) order day before it: every mode's previous day is that one or later.
    -- The event on that first day read has no previous day in both states, and cancels out.
    for r in
        with delta as (
            select d.customer_id, d.day, d.kind, sum(d.orders)::bigint as orders
            from unnest(p_deltas) d
            join unnest(v_moved) m(id) on m.id = d.customer_id
            group by d.customer_id, d.day, d.kind),
        cutoffs as (
            select d.customer_id,
                   coalesce((select max(c.day) from insights_customer_days c
                             where c.shop_id = p_shop and c.customer_id = d.customer_id and c.kind = 0
                               and c.day < min(d.day)), '-infinity'::date) as cutoff
            from delta d
            group by d.customer_id),
        before as (
            select c.customer_id, c.day, c.kind, c.orders
            from cutoffs k
            cross join lateral (
                select x.customer_id, x.day, x.kind, x.orders
                from insights_customer_days x
                where x.shop_id = p_shop and x.customer_id = k.customer_id and x.day >= k.cutoff) c),
        after as (
            select x.customer_id, x.day, x.kind
            from (select * from before union all select * from delta) x
            group by x.customer_id, x.day, x.kind
            having sum(x.orders) <> 0),
        days as materialized (
            select -1 as side, b.customer_id, b.day, b.kind from before b
            union all
            select 1, a.customer_id, a.day, a.kind from after a),
        events as (
            select e.side, m.mode, e.day,
                   e.day - lag(e.day) over (partition by e.side, m.mode, e.customer_id order by e.day) as gap
            from generate_series(0, 3) m(mode)
            cross join lateral (
                select x.side, x.customer_id, x.day from days x
                where (x.kind & ~m.mode) = 0
                group by x.side, x.customer_id, x.day) e),
        changes as (
            select e.mode, e.day, e.gap, sum(e.side) as customers
            from events e
            group by e.mode, e.day, e.gap
            having sum(e.side) <> 0)
        select c.mode, c.day,
               coalesce(sum(c.customers) filter (where c.gap is null), 0)::bigint as new_customers,
               array_agg(least(c.gap, v_max) order by c.gap desc) filter (where c.gap is not null) as gaps,
               array_agg(c.customers order by c.gap desc) filter (where c.gap is not null) as counts
        from changes c
        group by c.mode, c.day
        order by c.mode, c.day
    loop
        perform insights_apply_gap_counts(p_shop, r.mode::smallint, r.day, r.new_customers, r.gaps, r.counts);
    end loop;

    -- Rows whose orders fall to zero are deleted, looked up by key (never by a scan).
    with changed as (
        insert into insights_customer_days as t (shop_id, customer_id, day, kind, orders, spend)
        select p_shop, d.customer_id, d.day, d.kind, sum(d.orders), sum(d.spend)
        from unnest(p_deltas) d
        group by d.customer_id, d.day, d.kind
        having sum(d.orders) <> 0 or sum(d.spend) <> 0
        order by d.customer_id, d.day, d.kind
        on conflict (shop_id, customer_id, day, kind) do update set
            orders = t.orders + excluded.orders,
            spend = t.spend + excluded.spend
        returning t.customer_id, t.day, t.kind, t.orders)
    select array_agg(c.customer_id), array_agg(c.day), array_agg(c.kind) into v_ids, v_days, v_kinds
    from changed c where c.orders = 0;
    if v_ids is not null then
        delete from insights_customer_days t
        using unnest(v_ids, v_days, v_kinds) as z(customer_id, day, kind)
        where t.shop_id = p_shop and t.customer_id = z.customer_id and t.day = z.day and t.kind = z.kind;
    end if;

    with changed as (
        insert into insights_customer_months as t (shop_id, customer_id, month, kind, orders, spend)
        select p_shop, d.customer_id, date_trunc('month', d.day)::date, d.kind, sum(d.orders), sum(d.spend)
        from unnest(p_deltas) d
        group by d.customer_id, date_trunc('month', d.day)::date, d.kind
        having sum(d.orders) <> 0 or sum(d.spend) <> 0
        order by 2, 3, 4
        on conflict (shop_id, customer_id, month, kind) do update set
            orders = t.orders + excluded.orders,
            spend = t.spend + excluded.spend
        returning t.customer_id, t.month, t.kind, t.orders)
    select array_agg(c.customer_id), array_agg(c.month), array_agg(c.kind) into v_ids, v_days, v_kinds
    from changed c where c.orders = 0;
    if v_ids is not null then
        delete from insights_customer_months t
        using unnest(v_ids, v_days, v_kinds) as z(customer_id, month, kind)
        where t.shop_id = p_shop and t.customer_id = z.customer_id and t.month = z.month and t.kind = z.kind;
    end if;

    -- Each first day is the start of an index scan in day order (not a scan of the whole history).
    update insights_customer_firsts t
    set first_order_days = array[
        (select x.day from insights_customer_days x
         where x.shop_id = p_shop and x.customer_id = t.customer_id and x.kind = 0 order by x.day limit 1),
        (select x.day from insights_customer_days x
         where x.shop_id = p_shop and x.customer_id = t.customer_id and x.kind in (0, 1) order by x.day limit 1),
        (select x.day from insights_customer_days x
         where x.shop_id = p_shop and x.customer_id = t.customer_id and x.kind in (0, 2) order by x.day limit 1),
        (select x.day from insights_customer_days x
         where x.shop_id = p_shop and x.customer_id = t.customer_id order by x.day limit 1)]
    where t.shop_id = p_shop and t.customer_id = any(v_customers);

    delete from insights_customer_firsts t
    where t.shop_id = p_shop and t.customer_id = any(v_customers) and t.first_order_days[4] is null;
end
$$;

-- Adds the changes of one (mode, day) row of insights_customer_gaps: p_new new customers, and
-- p_counts[i] customers whose gap is p_gaps[i] (descending, capped at the longest range). A
-- customer with gap g counts in lapsed[1 .. g], so the changes are applied as suffix sums in one
-- pass over the array.
create function ${schema}.insights_apply_gap_counts(p_shop bigint, p_mode smallint, p_day date, p_new bigint,
        p_gaps integer[], p_counts bigint[])
    returns void
    language plpgsql
    set search_path = ${schema}, pg_temp
    set plan_cache_mode = force_custom_plan
as $$
declare
    v_lapsed integer[];
    v_new bigint;
    v_length integer;
    v_running bigint;
    v_next integer;
    v_index integer;
begin
    insert into insights_customer_gaps (shop_id, mode, day, new_customers, lapsed)
    values (p_shop, p_mode, p_day, 0, '{}')
    on conflict (shop_id, mode, day) do nothing;
    select g.new_customers, g.lapsed into v_new, v_lapsed
    from insights_customer_gaps g
    where g.shop_id = p_shop and g.mode = p_mode and g.day = p_day
    for update;

    v_new := v_new + p_new;
    if p_gaps is not null then
        v_length := cardinality(v_lapsed);
        if v_length < p_gaps[1] then
            v_lapsed := v_lapsed || array_fill(0, array[p_gaps[1] - v_length]);
        end if;
        v_running := 0;
        v_next := 1;
        for v_index in reverse p_gaps[1] .. 1 loop
            while v_next <= cardinality(p_gaps) and p_gaps[v_next] >= v_index loop
                v_running := v_running + p_counts[v_next];
                v_next := v_next + 1;
            end loop;
            if v_running <> 0 then
                v_lapsed[v_index] := v_lapsed[v_index] + v_running;
                if v_lapsed[v_index] < 0 then
                    raise exception 'insights_customer_gaps of shop % went negative (mode %, day %)',
                        p_shop, p_mode, p_day;
                end if;
            end if;
        end loop;
        v_length := cardinality(v_lapsed);
        while v_length > 0 and v_lapsed[v_length] = 0 loop
            v_length := v_length - 1;
        end loop;
        v_lapsed := v_lapsed[1:v_length];
    end if;
    if v_new < 0 then
        raise exception 'insights_customer_gaps of shop % went negative (mode %, day %)', p_shop, p_mode, p_day;
    end if;

    if v_new = 0 and cardinality(v_lapsed) = 0 then
        delete from insights_customer_gaps g where g.shop_id = p_shop and g.mode = p_mode and g.day = p_day;
    else
        update insights_customer_gaps g set new_customers = v_new, lapsed = v_lapsed
        where g.shop_id = p_shop and g.mode = p_mode and g.day = p_day;
    end if;
end
$$;

create function ${schema}.insights_apply_lines(p_deltas ${schema}.insights_line_delta[]) returns void
    language plpgsql
    set search_path = ${schema}, pg_temp
    set plan_cache_mode = force_custom_plan
as $$
declare
    v_shops bigint[];
    v_days date[];
    v_kinds smallint[];
    v_products bigint[];
begin
    if coalesce(cardinality(p_deltas), 0) = 0 then
        return;
    end if;

    with changed as (
        insert into insights_product_days as t (shop_id, day, kind, product_id, lines, units, revenue)
        select d.shop_id, d.day, d.kind, d.product_id, sum(d.lines), sum(d.units), sum(d.revenue)
        from unnest(p_deltas) d
        group by d.shop_id, d.day, d.kind, d.product_id
        having sum(d.lines) <> 0 or sum(d.units) <> 0 or sum(d.revenue) <> 0
        order by 1, 2, 3, 4
        on conflict (shop_id, day, kind, product_id) do update set
            lines = t.lines + excluded.lines,
            units = t.units + excluded.units,
            revenue = t.revenue + excluded.revenue
        returning t.shop_id, t.day, t.kind, t.product_id, t.lines)
    select array_agg(c.shop_id), array_agg(c.day), array_agg(c.kind), array_agg(c.product_id)
    into v_shops, v_days, v_kinds, v_products
    from changed c where c.lines = 0;
    if v_shops is not null then
        delete from insights_product_days t
        using unnest(v_shops, v_days, v_kinds, v_products) as z(shop_id, day, kind, product_id)
        where t.shop_id = z.shop_id and t.day = z.day and t.kind = z.kind and t.product_id = z.product_id;
    end if;

    with changed as (
        insert into insights_product_months as t (shop_id, month, kind, product_id, lines, units, revenue)
        select d.shop_id, date_trunc('month', d.day)::date, d.kind, d.product_id, sum(d.lines), sum(d.units),
               sum(d.revenue)
        from unnest(p_deltas) d
        group by d.shop_id, date_trunc('month', d.day)::date, d.kind, d.product_id
        having sum(d.lines) <> 0 or sum(d.units) <> 0 or sum(d.revenue) <> 0
        order by 1, 2, 3, 4
        on conflict (shop_id, month, kind, product_id) do update set
            lines = t.lines + excluded.lines,
            units = t.units + excluded.units,
            revenue = t.revenue + excluded.revenue
        returning t.shop_id, t.month, t.kind, t.product_id, t.lines)
    select array_agg(c.shop_id), array_agg(c.month), array_agg(c.kind), array_agg(c.product_id)
    into v_shops, v_days, v_kinds, v_products
    from changed c where c.lines = 0;
    if v_shops is not null then
        delete from insights_product_months t
        using unnest(v_shops, v_days, v_kinds, v_products) as z(shop_id, month, kind, product_id)
        where t.shop_id = z.shop_id and t.month = z.month and t.kind = z.kind and t.product_id = z.product_id;
    end if;
end
$$;

create function ${schema}.insights_apply_refunds(p_deltas ${schema}.insights_refund_delta[]) returns void
    language plpgsql
    set search_path = ${schema}, pg_temp
    set plan_cache_mode = force_custom_plan
as $$
declare
    v_shops bigint[];
    v_days date[];
    v_kinds smallint[];
begin
    if coalesce(cardinality(p_deltas), 0) = 0 then
        return;
    end if;

    with changed as (
        insert into insights_daily_sales as t
            (shop_id, day, kind, orders, gross_sales, discounts, shipping, taxes, refund_count, refunds)
        select d.shop_id, d.day, d.kind, 0, 0, 0, 0, 0, sum(d.refunds), sum(d.amount)
        from unnest(p_deltas) d
        group by d.shop_id, d.day, d.kind
        having sum(d.refunds) <> 0 or sum(d.amount) <> 0
        order by 1, 2, 3
        on conflict (shop_id, day, kind) do update set
            refund_count = t.refund_count + excluded.refund_count,
            refunds = t.refunds + excluded.refunds
        returning t.shop_id, t.day, t.kind, t.orders, t.refund_count)
    select array_agg(c.shop_id), array_agg(c.day), array_agg(c.kind) into v_shops, v_days, v_kinds
    from changed c where c.orders = 0 and c.refund_count = 0;
    perform insights_delete_empty_days(v_shops, v_days, v_kinds);
end
$$;

-- Line items counted under their (current) order's facts, with a sign: +1 added, -1 removed.
create function ${schema}.insights_apply_line_rows(p_rows ${schema}.insights_line_row[], p_sign integer)
    returns void
    language plpgsql
    set search_path = ${schema}, pg_temp
    set plan_cache_mode = force_custom_plan
as $$
begin
    if coalesce(cardinality(p_rows), 0) = 0 then
        return;
    end if;
    perform insights_apply_lines(array(
        select row(l.shop_id, l.product_id, f.day, f.kind, p_sign, p_sign * l.quantity,
                   p_sign * l.discounted_total)::insights_line_delta
        from unnest(p_rows) l
        join orders o on o.shop_id = l.shop_id and o.id = l.order_id
        join shops s on s.shop_id = o.shop_id
        cross join lateral insights_order_facts(o.processed_at, o.deleted_at, o.cancelled_at, o.test, o.subtotal,
            o.total_discounts, o.total_shipping, o.total_tax, o.total_price, o.total_refunded, s.time_zone) f
        where l.product_id is not null));
end
$$;

-- Refunds counted on their own local day, under their (current) order's kind, with a sign.
create function ${schema}.insights_apply_refund_rows(p_rows ${schema}.insights_refund_row[], p_sign integer)
    returns void
    language plpgsql
    set search_path = ${schema}, pg_temp
    set plan_cache_mode = force_custom_plan
as $$
begin
    if coalesce(cardinality(p_rows), 0) = 0 then
        return;
    end if;
    perform insights_apply_refunds(array(
        select row(r.shop_id, insights_local_day(r.created_at, s.time_zone), f.kind, p_sign,
                   p_sign * r.amount)::insights_refund_delta
        from unnest(p_rows) r
        join orders o on o.shop_id = r.shop_id and o.id = r.order_id
        join shops s on s.shop_id = o.shop_id
        cross join lateral insights_order_facts(o.processed_at, o.deleted_at, o.cancelled_at, o.test, o.subtotal,
            o.total_discounts, o.total_shipping, o.total_tax, o.total_price, o.total_refunded, s.time_zone) f));
end
$$;

-- Moves the current children of orders whose facts changed: out of their old day and kind,
-- into their new ones. p_orders holds one -1 row (old facts) and/or one +1 row (new facts) per order.
create function ${schema}.insights_move_children(p_orders ${schema}.insights_order_delta[]) returns void
    language plpgsql
    set search_path = ${schema}, pg_temp
    set plan_cache_mode = force_custom_plan
as $$
begin
    if coalesce(cardinality(p_orders), 0) = 0 then
        return;
    end if;
    perform insights_apply_lines(array(
        with orders as (
            select d.shop_id, d.order_id,
                   bool_or(d.orders < 0) as had, min(d.day) filter (where d.orders < 0) as old_day,
                   min(d.kind) filter (where d.orders < 0) as old_kind,
                   bool_or(d.orders > 0) as has, min(d.day) filter (where d.orders > 0) as new_day,
                   min(d.kind) filter (where d.orders > 0) as new_kind
            from unnest(p_orders) d
            group by d.shop_id, d.order_id),
        moved as (
            select * from orders o
            where o.had is distinct from o.has or o.old_day <> o.new_day or o.old_kind <> o.new_kind)
        select row(l.shop_id, l.product_id, v.day, v.kind, v.sign, v.sign * l.quantity,
                   v.sign * l.discounted_total)::insights_line_delta
        from moved m
        join order_line_items l on l.shop_id = m.shop_id and l.order_id = m.order_id
        cross join lateral (values (-1, m.old_day, m.old_kind, m.had), (1, m.new_day, m.new_kind, m.has))
            as v(sign, day, kind, present)
        where v.present and l.product_id is not null));
    perform insights_apply_refunds(array(
        with orders as (
            select d.shop_id, d.order_id,
                   bool_or(d.orders < 0) as had, min(d.kind) filter (where d.orders < 0) as old_kind,
                   bool_or(d.orders > 0) as has, min(d.kind) filter (where d.orders > 0) as new_kind
            from unnest(p_orders) d
            group by d.shop_id, d.order_id),
        moved as (
            select * from orders o where o.had is distinct from o.has or o.old_kind <> o.new_kind)
        select row(r.shop_id, insights_local_day(r.created_at, s.time_zone), v.kind, v.sign,
                   v.sign * r.amount)::insights_refund_delta
        from moved m
        join refunds r on r.shop_id = m.shop_id and r.order_id = m.order_id
        join shops s on s.shop_id = m.shop_id
        cross join lateral (values (-1, m.old_kind, m.had), (1, m.new_kind, m.has)) as v(sign, kind, present)
        where v.present));
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Triggers
-- ---------------------------------------------------------------------------------------------

-- Inserted and updated orders (an INSERT ... ON CONFLICT DO UPDATE fires both, each with its rows).
create function ${schema}.insights_orders_changed() returns trigger
    language plpgsql
    security definer
    set search_path = ${schema}, pg_temp
    set plan_cache_mode = force_custom_plan
as $$
declare
    v_orders insights_order_delta[];
begin
    if tg_op = 'INSERT' then
        -- A new row has no children yet (they reference it), so only its own facts count.
        v_orders := array(
            select row(n.shop_id, n.id, n.customer_id, f.day, f.kind, 1, f.gross_sales, f.discounts, f.shipping,
                       f.taxes, f.spend)::insights_order_delta
            from new_rows n
            join shops s on s.shop_id = n.shop_id
            cross join lateral insights_order_facts(n.processed_at, n.deleted_at, n.cancelled_at, n.test,
                n.subtotal, n.total_discounts, n.total_shipping, n.total_tax, n.total_price, n.total_refunded,
                s.time_zone) f);
        perform insights_apply_orders(v_orders);
    else
        v_orders := array(
            with before as (
                select o.shop_id, o.id, o.customer_id, f.*
                from old_rows o
                join shops s on s.shop_id = o.shop_id
                cross join lateral insights_order_facts(o.processed_at, o.deleted_at, o.cancelled_at, o.test,
                    o.subtotal, o.total_discounts, o.total_shipping, o.total_tax, o.total_price, o.total_refunded,
                    s.time_zone) f),
            after as (
                select n.shop_id, n.id, n.customer_id, f.*
                from new_rows n
                join shops s on s.shop_id = n.shop_id
                cross join lateral insights_order_facts(n.processed_at, n.deleted_at, n.cancelled_at, n.test,
                    n.subtotal, n.total_discounts, n.total_shipping, n.total_tax, n.total_price, n.total_refunded,
                    s.time_zone) f),
            changed as (
                -- A full join is always a hash or merge join: linear in the statement's rows.
                select coalesce(b.shop_id, a.shop_id) as shop_id, coalesce(b.id, a.id) as id,
                       b.id is not null as had, b.customer_id as old_customer, b.day as old_day, b.kind as old_kind,
                       b.gross_sales as old_gross, b.discounts as old_discounts, b.shipping as old_shipping,
                       b.taxes as old_taxes, b.spend as old_spend,
                       a.id is not null as has, a.customer_id as new_customer, a.day as new_day, a.kind as new_kind,
                       a.gross_sales as new_gross, a.discounts as new_discounts, a.shipping as new_shipping,
                       a.taxes as new_taxes, a.spend as new_spend
                from before b
                full join after a on a.shop_id = b.shop_id and a.id = b.id
                where a.id is null or b.id is null
                   or (b.customer_id, b.day, b.kind, b.gross_sales, b.discounts, b.shipping, b.taxes, b.spend)
                      is distinct from
                      (a.customer_id, a.day, a.kind, a.gross_sales, a.discounts, a.shipping, a.taxes, a.spend))
            select row(c.shop_id, c.id, c.old_customer, c.old_day, c.old_kind, -1, -c.old_gross, -c.old_discounts,
                       -c.old_shipping, -c.old_taxes, -c.old_spend)::insights_order_delta
            from changed c where c.had
            union all
            select row(c.shop_id, c.id, c.new_customer, c.new_day, c.new_kind, 1, c.new_gross, c.new_discounts,
                       c.new_shipping, c.new_taxes, c.new_spend)::insights_order_delta
            from changed c where c.has);
        perform insights_apply_orders(v_orders);
        perform insights_move_children(v_orders);
    end if;
    return null;
end
$$;

-- An order row deleted outright (not a tombstone): take it and its children out while they still
-- exist. When its shop is being deleted, the rollups go with the shop and nothing is done.
create function ${schema}.insights_order_deleted() returns trigger
    language plpgsql
    security definer
    set search_path = ${schema}, pg_temp
    set plan_cache_mode = force_custom_plan
as $$
declare
    v_zone text;
    v_orders insights_order_delta[];
begin
    select s.time_zone into v_zone from shops s where s.shop_id = old.shop_id;
    if found then
        v_orders := array(
            select row(old.shop_id, old.id, old.customer_id, f.day, f.kind, -1, -f.gross_sales, -f.discounts,
                       -f.shipping, -f.taxes, -f.spend)::insights_order_delta
            from insights_order_facts(old.processed_at, old.deleted_at, old.cancelled_at, old.test, old.subtotal,
                old.total_discounts, old.total_shipping, old.total_tax, old.total_price, old.total_refunded,
                v_zone) f);
        perform insights_apply_orders(v_orders);
        perform insights_move_children(v_orders);
    end if;
    return old;
end
$$;

create function ${schema}.insights_line_items_changed() returns trigger
    language plpgsql
    security definer
    set search_path = ${schema}, pg_temp
    set plan_cache_mode = force_custom_plan
as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        perform insights_apply_line_rows(array(
            select row(o.shop_id, o.order_id, o.product_id, o.quantity, o.discounted_total)::insights_line_row
            from old_rows o where o.product_id is not null), -1);
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        perform insights_apply_line_rows(array(
            select row(n.shop_id, n.order_id, n.product_id, n.quantity, n.discounted_total)::insights_line_row
            from new_rows n where n.product_id is not null), 1);
    end if;
    return null;
end
$$;

create function ${schema}.insights_refunds_changed() returns trigger
    language plpgsql
    security definer
    set search_path = ${schema}, pg_temp
    set plan_cache_mode = force_custom_plan
as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        perform insights_apply_refund_rows(array(
            select row(o.shop_id, o.order_id, o.created_at, o.amount)::insights_refund_row from old_rows o), -1);
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        perform insights_apply_refund_rows(array(
            select row(n.shop_id, n.order_id, n.created_at, n.amount)::insights_refund_row from new_rows n), 1);
    end if;
    return null;
end
$$;

-- Customers stored and not deleted, per shop (a tombstone of a never-stored customer never counts).
create function ${schema}.insights_customers_changed() returns trigger
    language plpgsql
    security definer
    set search_path = ${schema}, pg_temp
    set plan_cache_mode = force_custom_plan
as $$
begin
    if tg_op = 'INSERT' then
        insert into insights_shop_totals as t (shop_id, customers)
        select n.shop_id, count(*)
        from new_rows n join shops s on s.shop_id = n.shop_id
        where n.deleted_at is null
        group by n.shop_id
        order by n.shop_id
        on conflict (shop_id) do update set customers = t.customers + excluded.customers;
    elsif tg_op = 'DELETE' then
        update insights_shop_totals t set customers = t.customers - d.customers
        from (select o.shop_id, count(*) as customers from old_rows o where o.deleted_at is null group by o.shop_id) d
        where t.shop_id = d.shop_id;
    else
        insert into insights_shop_totals as t (shop_id, customers)
        select x.shop_id, sum(x.customers)
        from (select o.shop_id, -1 as customers from old_rows o where o.deleted_at is null
              union all
              select n.shop_id, 1 from new_rows n where n.deleted_at is null) x
        join shops s on s.shop_id = x.shop_id
        group by x.shop_id
        having sum(x.customers) <> 0
        order by x.shop_id
        on conflict (shop_id) do update set customers = t.customers + excluded.customers;
    end if;
    delete from insights_shop_totals t where t.customers = 0;
    return null;
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Rebuilding a shop's rollups from its rows (after a time-zone change, or to repair)
-- ---------------------------------------------------------------------------------------------

-- Recomputes every rollup of one shop, acting as that shop for the duration (row-level security).
create function ${schema}.insights_rebuild_shop(p_shop bigint) returns void
    language plpgsql
    set search_path = ${schema}, pg_temp
    set plan_cache_mode = force_custom_plan
    set work_mem = '64MB'
as $$
declare
    v_shop_setting constant text := current_setting('shopify_ingest.shop_id', true);
    v_scope_setting constant text := current_setting('shopify_ingest.scope', true);
    v_chunks integer;
    v_chunk integer;
begin
    perform set_config('shopify_ingest.shop_id', p_shop::text, true);
    perform set_config('shopify_ingest.scope', '', true);

    delete from insights_daily_sales where shop_id = p_shop;
    delete from insights_product_days where shop_id = p_shop;
    delete from insights_product_months where shop_id = p_shop;
    delete from insights_customer_days where shop_id = p_shop;
    delete from insights_customer_months where shop_id = p_shop;
    delete from insights_customer_firsts where shop_id = p_shop;
    delete from insights_customer_gaps where shop_id = p_shop;
    delete from insights_shop_totals where shop_id = p_shop;

    if exists (select 1 from shops where shop_id = p_shop) then
        -- Orders in customer chunks, so that no delta array grows beyond a few hundred thousand rows.
        select greatest(1, ceil(count(*) / 250000.0))::integer into v_chunks from orders where shop_id = p_shop;
        for v_chunk in 0 .. v_chunks - 1 loop
            perform insights_apply_orders(array(
                select row(o.shop_id, null, o.customer_id, f.day, f.kind, count(*), sum(f.gross_sales),
                           sum(f.discounts), sum(f.shipping), sum(f.taxes), sum(f.spend))::insights_order_delta
                from orders o
                join shops s on s.shop_id = o.shop_id
                cross join lateral insights_order_facts(o.processed_at, o.deleted_at, o.cancelled_at, o.test,
                    o.subtotal, o.total_discounts, o.total_shipping, o.total_tax, o.total_price, o.total_refunded,
                    s.time_zone) f
                where o.shop_id = p_shop and coalesce(o.customer_id, 0) % v_chunks = v_chunk
                group by o.shop_id, o.customer_id, f.day, f.kind));
        end loop;

        perform insights_apply_lines(array(
            select row(l.shop_id, l.product_id, f.day, f.kind, count(*), sum(l.quantity),
                       sum(l.discounted_total))::insights_line_delta
            from order_line_items l
            join orders o on o.shop_id = l.shop_id and o.id = l.order_id
            join shops s on s.shop_id = o.shop_id
            cross join lateral insights_order_facts(o.processed_at, o.deleted_at, o.cancelled_at, o.test,
                o.subtotal, o.total_discounts, o.total_shipping, o.total_tax, o.total_price, o.total_refunded,
                s.time_zone) f
            where l.shop_id = p_shop and l.product_id is not null
            group by l.shop_id, l.product_id, f.day, f.kind));

        perform insights_apply_refunds(array(
            select row(r.shop_id, insights_local_day(r.created_at, s.time_zone), f.kind, count(*),
                       sum(r.amount))::insights_refund_delta
            from refunds r
            join orders o on o.shop_id = r.shop_id and o.id = r.order_id
            join shops s on s.shop_id = o.shop_id
            cross join lateral insights_order_facts(o.processed_at, o.deleted_at, o.cancelled_at, o.test,
                o.subtotal, o.total_discounts, o.total_shipping, o.total_tax, o.total_price, o.total_refunded,
                s.time_zone) f
            where r.shop_id = p_shop
            group by r.shop_id, insights_local_day(r.created_at, s.time_zone), f.kind));

        insert into insights_shop_totals (shop_id, customers)
        select p_shop, count(*) from customers where shop_id = p_shop and deleted_at is null
        having count(*) > 0;
    end if;

    perform set_config('shopify_ingest.shop_id', coalesce(v_shop_setting, ''), true);
    perform set_config('shopify_ingest.scope', coalesce(v_scope_setting, ''), true);
end
$$;

-- The application's way to rebuild: only for the tenant its transaction acts for.
create function ${schema}.insights_rebuild(p_shop bigint) returns void
    language plpgsql
    security definer
    set search_path = ${schema}, pg_temp
    set plan_cache_mode = force_custom_plan
as $$
begin
    if p_shop is distinct from current_shop_id() then
        raise exception 'insights_rebuild(%) must run in a transaction acting for shop % (shopify_ingest.shop_id)',
            p_shop, p_shop using errcode = '42501';
    end if;
    perform insights_rebuild_shop(p_shop);
end
$$;

-- A deleted shop's rollups go with it (its orders are deleted by cascade, and skipped, after it).
create function ${schema}.insights_shop_deleted() returns trigger
    language plpgsql
    security definer
    set search_path = ${schema}, pg_temp
    set plan_cache_mode = force_custom_plan
as $$
declare
    v_shop_setting constant text := current_setting('shopify_ingest.shop_id', true);
    v_scope_setting constant text := current_setting('shopify_ingest.scope', true);
begin
    perform set_config('shopify_ingest.shop_id', old.shop_id::text, true);
    perform set_config('shopify_ingest.scope', '', true);
    delete from insights_daily_sales where shop_id = old.shop_id;
    delete from insights_product_days where shop_id = old.shop_id;
    delete from insights_product_months where shop_id = old.shop_id;
    delete from insights_customer_days where shop_id = old.shop_id;
    delete from insights_customer_months where shop_id = old.shop_id;
    delete from insights_customer_firsts where shop_id = old.shop_id;
    delete from insights_customer_gaps where shop_id = old.shop_id;
    delete from insights_shop_totals where shop_id = old.shop_id;
    perform set_config('shopify_ingest.shop_id', coalesce(v_shop_setting, ''), true);
    perform set_config('shopify_ingest.scope', coalesce(v_scope_setting, ''), true);
    return null;
end
$$;

create function ${schema}.insights_shop_time_zone_changed() returns trigger
    language plpgsql
    security definer
    set search_path = ${schema}, pg_temp
    set plan_cache_mode = force_custom_plan
as $$
begin
    perform insights_rebuild_shop(new.shop_id);
    return null;
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Wiring
-- ---------------------------------------------------------------------------------------------
create trigger insights_orders_inserted after insert on ${schema}.orders
    referencing new table as new_rows
    for each statement execute function ${schema}.insights_orders_changed();
create trigger insights_orders_updated after update on ${schema}.orders
    referencing old table as old_rows new table as new_rows
    for each statement execute function ${schema}.insights_orders_changed();
create trigger insights_orders_deleted before delete on ${schema}.orders
    for each row execute function ${schema}.insights_order_deleted();

create trigger insights_line_items_inserted after insert on ${schema}.order_line_items
    referencing new table as new_rows
    for each statement execute function ${schema}.insights_line_items_changed();
create trigger insights_line_items_updated after update on ${schema}.order_line_items
    referencing old table as old_rows new table as new_rows
    for each statement execute function ${schema}.insights_line_items_changed();
create trigger insights_line_items_deleted after delete on ${schema}.order_line_items
    referencing old table as old_rows
    for each statement execute function ${schema}.insights_line_items_changed();

create trigger insights_refunds_inserted after insert on ${schema}.refunds
    referencing new table as new_rows
    for each statement execute function ${schema}.insights_refunds_changed();
create trigger insights_refunds_updated after update on ${schema}.refunds
    referencing old table as old_rows new table as new_rows
    for each statement execute function ${schema}.insights_refunds_changed();
create trigger insights_refunds_deleted after delete on ${schema}.refunds
    referencing old table as old_rows
    for each statement execute function ${schema}.insights_refunds_changed();

create trigger insights_customers_inserted after insert on ${schema}.customers
    referencing new table as new_rows
    for each statement execute function ${schema}.insights_customers_changed();
create trigger insights_customers_updated after update on ${schema}.customers
    referencing old table as old_rows new table as new_rows
    for each statement execute function ${schema}.insights_customers_changed();
create trigger insights_customers_deleted after delete on ${schema}.customers
    referencing old table as old_rows
    for each statement execute function ${schema}.insights_customers_changed();

create trigger insights_shop_deleted after delete on ${schema}.shops
    for each row execute function ${schema}.insights_shop_deleted();
create trigger insights_shop_time_zone after update of time_zone on ${schema}.shops
    for each row when (old.time_zone is distinct from new.time_zone)
    execute function ${schema}.insights_shop_time_zone_changed();

-- ---------------------------------------------------------------------------------------------
-- Row-level security, forced (the owner's triggers are subject too) and privileges
-- ---------------------------------------------------------------------------------------------
do $$
declare
    t text;
begin
    foreach t in array array['insights_daily_sales', 'insights_product_days', 'insights_product_months',
                             'insights_customer_days', 'insights_customer_months', 'insights_customer_firsts',
                             'insights_customer_gaps', 'insights_shop_totals']
    loop
        execute format('alter table %I.%I enable row level security', '${schema}', t);
        execute format('alter table %I.%I force row level security', '${schema}', t);
        execute format('create policy %I on %I.%I using (shop_id = %I.current_shop_id())'
                           || ' with check (shop_id = %I.current_shop_id())',
                       t || '_tenant', '${schema}', t, '${schema}', '${schema}');
        execute format('grant select on %I.%I to %I', '${schema}', t, '${applicationRole}');
    end loop;
end
$$;

-- Only the owner (through the triggers) writes rollups; the application may read them and
-- rebuild its own tenant's.
revoke execute on function
    ${schema}.insights_max_range_days(), ${schema}.insights_kind(timestamptz, boolean),
    ${schema}.insights_local_day(timestamptz, text),
    ${schema}.insights_order_facts(timestamptz, timestamptz, timestamptz, boolean, numeric, numeric, numeric,
                                   numeric, numeric, numeric, text),
    ${schema}.insights_delete_empty_days(bigint[], date[], smallint[]),
    ${schema}.insights_apply_orders(${schema}.insights_order_delta[]),
    ${schema}.insights_apply_customers(bigint, ${schema}.insights_order_delta[]),
    ${schema}.insights_apply_gap_counts(bigint, smallint, date, bigint, integer[], bigint[]),
    ${schema}.insights_apply_lines(${schema}.insights_line_delta[]),
    ${schema}.insights_apply_refunds(${schema}.insights_refund_delta[]),
    ${schema}.insights_apply_line_rows(${schema}.insights_line_row[], integer),
    ${schema}.insights_apply_refund_rows(${schema}.insights_refund_row[], integer),
    ${schema}.insights_move_children(${schema}.insights_order_delta[]),
    ${schema}.insights_orders_changed(), ${schema}.insights_order_deleted(),
    ${schema}.insights_line_items_changed(), ${schema}.insights_refunds_changed(),
    ${schema}.insights_customers_changed(), ${schema}.insights_shop_time_zone_changed(),
    ${schema}.insights_shop_deleted(),
    ${schema}.insights_rebuild_shop(bigint), ${schema}.insights_rebuild(bigint)
    from public;
grant execute on function ${schema}.insights_rebuild(bigint), ${schema}.insights_max_range_days()
    to ${applicationRole};
