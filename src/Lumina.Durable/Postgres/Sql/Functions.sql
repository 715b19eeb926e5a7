-- The task hub's operations, re-run after every migration (CREATE OR REPLACE; a function whose
-- signature changes must be dropped here first). Each is one round trip and one transaction. The header
-- of each says which tables it locks, in which order. Functions that lock several instance rows lock
-- them in instance id order, so that they cannot deadlock one another; a function that locks an
-- instance row locks it before that instance's other rows, except durabletask.complete_tasks, which
-- deletes its task rows first (a deadlock with a purge or re-creation of the same instance is then
-- possible, detected by PostgreSQL and retried by the caller).
--
-- Functions that read tables run with enable_seqscan off: the queue tables swing between empty and
-- thousands of rows faster than statistics follow, and a plan made while one looked empty (a sequential
-- scan) would read it all once it is full. Every access has an index.

-- Statuses of an instance that has not finished.
-- Locks: none.
CREATE OR REPLACE FUNCTION durabletask.is_active(p_status text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT p_status IN ('Pending', 'Running', 'Suspended', 'ContinuedAsNew')
$$;

-- Whether an event makes an instance in status p_status claimable: a pending instance waits for its
-- start (or a terminate); the others take any event (DurableTask.Core holds events back itself while an
-- instance is suspended).
-- Locks: none.
CREATE OR REPLACE FUNCTION durabletask.wakes(p_status text, p_event_type text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT p_status <> 'Pending' OR p_event_type IN ('ExecutionStarted', 'ExecutionTerminated')
$$;

-- When an instance in status p_status is next ready (durabletask.instances.ready_time): now when it
-- has a visible event that wakes it, else the earliest time such an event becomes visible (a timer, a
-- delayed start), else null. Now rather than the event's own time puts a busy instance behind the
-- others that are waiting, so that claims take turns.
-- Locks: none (reads durabletask.new_events).
CREATE OR REPLACE FUNCTION durabletask.next_ready_time(p_hub text, p_instance text, p_status text)
RETURNS timestamptz
SET enable_seqscan = off
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF NOT durabletask.is_active(p_status) THEN
        RETURN NULL;
    END IF;
    IF EXISTS (
        SELECT 1 FROM durabletask.new_events e
        WHERE e.task_hub = p_hub AND e.instance_id = p_instance AND e.visible_time <= now()
          AND durabletask.wakes(p_status, e.event_type)) THEN
        RETURN now();
    END IF;
    RETURN (
        SELECT min(e.visible_time) FROM durabletask.new_events e
        WHERE e.task_hub = p_hub AND e.instance_id = p_instance AND durabletask.wakes(p_status, e.event_type));
END
$$;

-- Deletes the history, inbox, activity tasks and payloads of the given instances (not their rows in
-- durabletask.instances).
-- Locks, in order: durabletask.history, durabletask.new_events, durabletask.new_tasks,
-- durabletask.payloads (the instances' rows).
CREATE OR REPLACE FUNCTION durabletask.clear_instances(p_hub text, p_instances text[]) RETURNS void
SET enable_seqscan = off
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM durabletask.history h WHERE h.task_hub = p_hub AND h.instance_id = ANY (p_instances);
    DELETE FROM durabletask.new_events e WHERE e.task_hub = p_hub AND e.instance_id = ANY (p_instances);
    DELETE FROM durabletask.new_tasks t WHERE t.task_hub = p_hub AND t.instance_id = ANY (p_instances);
    DELETE FROM durabletask.payloads p WHERE p.task_hub = p_hub AND p.instance_id = ANY (p_instances);
END
$$;

-- Creates an instance with its ExecutionStarted event (p_data, visible at p_start_time; null: now), or
-- replaces an existing instance of that id, all its rows, with a new execution, unless the existing
-- instance's status is in p_dedupe: then changes nothing and returns that status. Returns 'created'.
-- Locks: durabletask.instances (this row), then as durabletask.clear_instances (when replacing), then
-- inserts into durabletask.payloads and durabletask.new_events.
CREATE OR REPLACE FUNCTION durabletask.create_instance(
    p_hub text, p_instance text, p_execution text, p_name text, p_version text, p_input text, p_tags text,
    p_parent_instance text, p_parent text, p_start_time timestamptz, p_data text, p_payload_id uuid,
    p_payload text, p_dedupe text[])
RETURNS text
SET enable_seqscan = off
LANGUAGE plpgsql AS $$
DECLARE
    v_visible timestamptz := coalesce(p_start_time, now());
    v_status text;
BEGIN
    INSERT INTO durabletask.instances (task_hub, instance_id, execution_id, name, version, runtime_status,
        created_time, last_updated_time, scheduled_start_time, input, tags, parent_instance_id, parent, ready_time)
    VALUES (p_hub, p_instance, p_execution, p_name, p_version, 'Pending', now(), now(), p_start_time, p_input,
        p_tags, p_parent_instance, p_parent, v_visible)
    ON CONFLICT (task_hub, instance_id) DO NOTHING;

    IF NOT FOUND THEN
        SELECT i.runtime_status INTO v_status FROM durabletask.instances i
        WHERE i.task_hub = p_hub AND i.instance_id = p_instance FOR UPDATE;
        IF v_status = ANY (p_dedupe) THEN
            RETURN v_status;
        END IF;
        PERFORM durabletask.clear_instances(p_hub, ARRAY[p_instance]);
        UPDATE durabletask.instances i
        SET execution_id = p_execution, name = p_name, version = p_version, runtime_status = 'Pending',
            created_time = now(), last_updated_time = now(), completed_time = NULL,
            scheduled_start_time = p_start_time, input = p_input, output = NULL, custom_status = NULL,
            failure_details = NULL, tags = p_tags, parent_instance_id = p_parent_instance, parent = p_parent,
            ready_time = v_visible, lock_owner = NULL, lock_expiration = NULL
        WHERE i.task_hub = p_hub AND i.instance_id = p_instance;
    END IF;

    IF p_payload_id IS NOT NULL THEN
        INSERT INTO durabletask.payloads (task_hub, instance_id, payload_id, value)
        VALUES (p_hub, p_instance, p_payload_id, p_payload);
    END IF;
    INSERT INTO durabletask.new_events (task_hub, instance_id, execution_id, event_type, visible_time, data, payload_id)
    VALUES (p_hub, p_instance, p_execution, 'ExecutionStarted', v_visible, p_data, p_payload_id);
    RETURN 'created';
END
$$;

-- Adds events to the inboxes of instances that have not finished (events for unknown or finished
-- instances are dropped), visible at p_visible_times (null: now), and marks the instances they wake
-- ready. Returns how many were added.
-- Locks, in order: durabletask.instances (the target rows, in instance id order), then inserts into
-- durabletask.new_events and durabletask.payloads.
CREATE OR REPLACE FUNCTION durabletask.send_events(
    p_hub text, p_instances text[], p_executions text[], p_types text[], p_data text[], p_payload_ids uuid[],
    p_payload_values text[], p_visible_times timestamptz[])
RETURNS int
SET enable_seqscan = off
LANGUAGE plpgsql AS $$
DECLARE
    v_sent int;
BEGIN
    PERFORM 1 FROM durabletask.instances i
    WHERE i.task_hub = p_hub AND i.instance_id = ANY (p_instances)
    ORDER BY i.instance_id
    FOR NO KEY UPDATE;

    WITH r AS (
        SELECT x.*, i.runtime_status
        FROM unnest(p_instances, p_executions, p_types, p_data, p_payload_ids, p_payload_values, p_visible_times)
            WITH ORDINALITY AS x(instance_id, execution_id, event_type, data, payload_id, value, visible_time, ord)
        JOIN durabletask.instances i ON i.task_hub = p_hub AND i.instance_id = x.instance_id
        WHERE durabletask.is_active(i.runtime_status)),
    events AS (
        INSERT INTO durabletask.new_events (task_hub, instance_id, execution_id, event_type, visible_time, data, payload_id)
        SELECT p_hub, r.instance_id, r.execution_id, r.event_type, coalesce(r.visible_time, now()), r.data, r.payload_id
        FROM r ORDER BY r.ord),
    payloads AS (
        INSERT INTO durabletask.payloads (task_hub, instance_id, payload_id, value)
        SELECT p_hub, r.instance_id, r.payload_id, r.value FROM r WHERE r.payload_id IS NOT NULL),
    woken AS (
        UPDATE durabletask.instances i SET ready_time = least(i.ready_time, w.visible_time)
        FROM (SELECT r.instance_id, min(coalesce(r.visible_time, now())) AS visible_time FROM r
              WHERE durabletask.wakes(r.runtime_status, r.event_type) GROUP BY r.instance_id) w
        WHERE i.task_hub = p_hub AND i.instance_id = w.instance_id)
    SELECT count(*) INTO v_sent FROM r;
    RETURN v_sent;
END
$$;

-- Claims the instance that has been ready longest (see durabletask.next_ready_time) and has no live
-- lock, and returns, as rows of one table: the instance ('I': instance_id, execution_id, its status in
-- event_type, the lock's expiry in event_time), up to p_max_events of its visible inbox events in order
-- ('E': seq, the execution they are meant for, event_type, data, payload) and the history of its
-- current execution ('H': sequence number in seq). A pending instance's batch holds its ExecutionStarted
-- event even before its start time, so that a terminate can end it. When nothing is claimed, one row
-- 'N' gives in event_time when the next instance becomes ready (null: none waits).
-- Locks: durabletask.instances (the claimed row, FOR UPDATE SKIP LOCKED); reads durabletask.new_events,
-- durabletask.history and durabletask.payloads.
CREATE OR REPLACE FUNCTION durabletask.claim_orchestration(p_hub text, p_owner text, p_lock interval, p_max_events int)
RETURNS SETOF durabletask.claim_row
SET enable_seqscan = off
LANGUAGE plpgsql AS $$
DECLARE
    v_instance text;
    v_execution text;
    v_status text;
    v_expiration timestamptz;
    v_seqs bigint[];
BEGIN
    FOR attempt IN 1 .. 3 LOOP
        SELECT i.instance_id, i.execution_id, i.runtime_status INTO v_instance, v_execution, v_status
        FROM durabletask.instances i
        WHERE i.task_hub = p_hub AND i.ready_time <= now()
          AND (i.lock_expiration IS NULL OR i.lock_expiration < now())
        ORDER BY i.ready_time
        LIMIT 1
        FOR UPDATE SKIP LOCKED;
        EXIT WHEN NOT FOUND;

        IF EXISTS (
            SELECT 1 FROM durabletask.new_events e
            WHERE e.task_hub = p_hub AND e.instance_id = v_instance AND e.visible_time <= now()
              AND durabletask.wakes(v_status, e.event_type)) THEN
            v_seqs := ARRAY(
                SELECT e.seq FROM durabletask.new_events e
                WHERE e.task_hub = p_hub AND e.instance_id = v_instance
                  AND (e.visible_time <= now() OR (v_status = 'Pending' AND e.event_type = 'ExecutionStarted'))
                ORDER BY e.seq
                LIMIT p_max_events);

            UPDATE durabletask.instances i SET lock_owner = p_owner, lock_expiration = now() + p_lock
            WHERE i.task_hub = p_hub AND i.instance_id = v_instance
            RETURNING i.lock_expiration INTO v_expiration;

            RETURN QUERY SELECT 'I'::text, NULL::bigint, v_instance, v_execution, v_status, NULL::text, NULL::uuid,
                NULL::text, v_expiration;
            RETURN QUERY
            SELECT 'E'::text, e.seq, e.instance_id, e.execution_id, e.event_type, e.data, e.payload_id, p.value, e.visible_time
            FROM unnest(v_seqs) WITH ORDINALITY AS s(seq, ord)
            JOIN durabletask.new_events e ON e.task_hub = p_hub AND e.instance_id = v_instance AND e.seq = s.seq
            LEFT JOIN durabletask.payloads p
                ON p.task_hub = p_hub AND p.instance_id = v_instance AND p.payload_id = e.payload_id
            ORDER BY s.ord;
            RETURN QUERY
            SELECT 'H'::text, h.sequence_number::bigint, h.instance_id, h.execution_id, h.event_type, h.data,
                h.payload_id, p.value, h.event_time
            FROM durabletask.history h
            LEFT JOIN durabletask.payloads p
                ON p.task_hub = p_hub AND p.instance_id = v_instance AND p.payload_id = h.payload_id
            WHERE h.task_hub = p_hub AND h.instance_id = v_instance AND h.execution_id = v_execution
            ORDER BY h.sequence_number;
            RETURN;
        END IF;

        -- A stale ready time (its events went away): correct it and look further.
        UPDATE durabletask.instances i SET ready_time = durabletask.next_ready_time(p_hub, v_instance, v_status)
        WHERE i.task_hub = p_hub AND i.instance_id = v_instance;
    END LOOP;

    RETURN QUERY SELECT 'N'::text, NULL::bigint, NULL::text, NULL::text, NULL::text, NULL::text, NULL::uuid, NULL::text,
        (SELECT min(i.ready_time) FROM durabletask.instances i WHERE i.task_hub = p_hub AND i.ready_time > now());
END
$$;

-- Checkpoints an episode of p_instance claimed at execution p_claimed_execution, in one transaction:
-- appends its new history (from sequence number p_history_start; a ContinueAsNew, p_execution differing
-- from p_claimed_execution, first drops the old execution's history and inbox), stores the payloads,
-- queues its activity tasks, adds its events to other inboxes (and its timers to its own), creates its
-- sub-orchestrations (one whose id names an instance that has not finished fails the call instead:
-- SubOrchestrationInstanceFailed in this instance's inbox), deletes the consumed events (all events
-- when the instance finished) and their payloads no history row keeps, writes the new status and
-- releases this worker's lock, or with p_keep_lock (an extended session) extends it by p_lock. Then,
-- when p_max_events > 0, claims the next instance as durabletask.claim_orchestration does, in the same
-- transaction.
-- Returns a first row 'C' saying 'applied', or 'stale' when the instance is gone or runs another
-- execution (the episode is dropped), then the claim's rows. A duplicate episode (another worker
-- checkpointed the same history first) fails with unique_violation (23505) on durabletask.history.
-- Locks, in order: durabletask.instances (this instance and every instance it sends to or creates, in
-- instance id order), durabletask.new_events, durabletask.history, durabletask.payloads (this
-- instance's rows), then inserts; then as durabletask.create_instance per sub-orchestration (in the
-- order given: the caller sorts them by id), then as durabletask.claim_orchestration.
CREATE OR REPLACE FUNCTION durabletask.checkpoint_orchestration(
    p_hub text, p_owner text, p_instance text, p_claimed_execution text, p_consumed bigint[],
    p_execution text, p_name text, p_version text, p_status text, p_input text, p_output text,
    p_custom_status text, p_failure_details text, p_tags text,
    p_history_start int, p_history_types text[], p_history_task_ids int[], p_history_times timestamptz[],
    p_history_data text[], p_history_payloads uuid[],
    p_payload_instances text[], p_payload_ids uuid[], p_payload_values text[],
    p_task_names text[], p_task_ids int[], p_task_data text[], p_task_payloads uuid[], p_task_contexts text[],
    p_event_instances text[], p_event_executions text[], p_event_types text[], p_event_data text[],
    p_event_payloads uuid[], p_event_visible_times timestamptz[],
    p_child_instances text[], p_child_executions text[], p_child_names text[], p_child_versions text[],
    p_child_inputs text[], p_child_tags text[], p_child_parents text[], p_child_task_ids int[],
    p_child_data text[], p_child_payload_ids uuid[], p_child_payload_values text[],
    p_keep_lock boolean, p_lock interval, p_max_events int)
RETURNS SETOF durabletask.claim_row
SET enable_seqscan = off
LANGUAGE plpgsql AS $$
DECLARE
    v_continued boolean := p_execution <> p_claimed_execution;
    v_finished boolean := NOT durabletask.is_active(p_status);
    v_current text;
    v_dropped uuid[];
    v_kept uuid[] := array_remove(p_history_payloads, NULL);
    v_message text;
BEGIN
    IF EXISTS (SELECT 1 FROM unnest(p_event_instances || p_child_instances) AS x(id) WHERE x.id <> p_instance) THEN
        PERFORM 1 FROM durabletask.instances i
        WHERE i.task_hub = p_hub AND i.instance_id = ANY (array_append(p_event_instances || p_child_instances, p_instance))
        ORDER BY i.instance_id
        FOR NO KEY UPDATE;
    END IF;

    SELECT i.execution_id INTO v_current FROM durabletask.instances i
    WHERE i.task_hub = p_hub AND i.instance_id = p_instance
    FOR NO KEY UPDATE;
    IF v_current IS DISTINCT FROM p_claimed_execution THEN
        RETURN QUERY SELECT 'C'::text, NULL::bigint, p_instance, v_current, 'stale'::text, NULL::text, NULL::uuid,
            NULL::text, NULL::timestamptz;
        IF p_max_events > 0 THEN
            RETURN QUERY SELECT * FROM durabletask.claim_orchestration(p_hub, p_owner, p_lock, p_max_events);
        END IF;
        RETURN;
    END IF;

    WITH gone AS (
        DELETE FROM durabletask.new_events e
        WHERE e.task_hub = p_hub AND e.instance_id = p_instance
          AND (e.seq = ANY (p_consumed) OR v_finished OR (v_continued AND e.execution_id = p_claimed_execution))
        RETURNING e.payload_id)
    SELECT array_agg(g.payload_id) INTO v_dropped FROM gone g WHERE g.payload_id IS NOT NULL;

    IF v_continued THEN
        WITH gone AS (
            DELETE FROM durabletask.history h WHERE h.task_hub = p_hub AND h.instance_id = p_instance
            RETURNING h.payload_id)
        SELECT v_dropped || array_agg(g.payload_id) INTO v_dropped FROM gone g WHERE g.payload_id IS NOT NULL;
    END IF;

    IF cardinality(v_dropped) > 0 THEN
        DELETE FROM durabletask.payloads p
        WHERE p.task_hub = p_hub AND p.instance_id = p_instance AND p.payload_id = ANY (v_dropped)
          AND NOT (p.payload_id = ANY (v_kept));
    END IF;

    INSERT INTO durabletask.history (task_hub, instance_id, execution_id, sequence_number, event_type, task_id,
        event_time, data, payload_id)
    SELECT p_hub, p_instance, p_execution, p_history_start + h.ord - 1, h.event_type, h.task_id, h.event_time,
        h.data, h.payload_id
    FROM unnest(p_history_types, p_history_task_ids, p_history_times, p_history_data, p_history_payloads)
        WITH ORDINALITY AS h(event_type, task_id, event_time, data, payload_id, ord);

    IF cardinality(p_payload_ids) > 0 THEN
        INSERT INTO durabletask.payloads (task_hub, instance_id, payload_id, value)
        SELECT p_hub, x.instance_id, x.payload_id, x.value
        FROM unnest(p_payload_instances, p_payload_ids, p_payload_values) AS x(instance_id, payload_id, value);
    END IF;

    IF cardinality(p_task_names) > 0 THEN
        INSERT INTO durabletask.new_tasks (task_hub, instance_id, execution_id, name, task_id, data, payload_id, context)
        SELECT p_hub, p_instance, p_execution, t.name, t.task_id, t.data, t.payload_id, t.context
        FROM unnest(p_task_names, p_task_ids, p_task_data, p_task_payloads, p_task_contexts)
            WITH ORDINALITY AS t(name, task_id, data, payload_id, context, ord)
        ORDER BY t.ord;
    END IF;

    IF cardinality(p_event_instances) > 0 THEN
        WITH r AS (
            SELECT x.*, CASE WHEN x.instance_id = p_instance THEN p_status ELSE i.runtime_status END AS runtime_status
            FROM unnest(p_event_instances, p_event_executions, p_event_types, p_event_data, p_event_payloads,
                p_event_visible_times) WITH ORDINALITY AS x(instance_id, execution_id, event_type, data, payload_id, visible_time, ord)
            JOIN durabletask.instances i ON i.task_hub = p_hub AND i.instance_id = x.instance_id),
        events AS (
            INSERT INTO durabletask.new_events (task_hub, instance_id, execution_id, event_type, visible_time, data, payload_id)
            SELECT p_hub, r.instance_id, r.execution_id, r.event_type, coalesce(r.visible_time, now()), r.data, r.payload_id
            FROM r WHERE durabletask.is_active(r.runtime_status)
            ORDER BY r.ord)
        UPDATE durabletask.instances i SET ready_time = least(i.ready_time, w.visible_time)
        FROM (SELECT r.instance_id, min(coalesce(r.visible_time, now())) AS visible_time FROM r
              WHERE r.instance_id <> p_instance AND durabletask.is_active(r.runtime_status)
                AND durabletask.wakes(r.runtime_status, r.event_type)
              GROUP BY r.instance_id) w
        WHERE i.task_hub = p_hub AND i.instance_id = w.instance_id;
    END IF;

    FOR n IN 1 .. coalesce(array_length(p_child_instances, 1), 0) LOOP
        IF durabletask.create_instance(p_hub, p_child_instances[n], p_child_executions[n], p_child_names[n],
                p_child_versions[n], p_child_inputs[n], p_child_tags[n], p_instance, p_child_parents[n], NULL,
                p_child_data[n], p_child_payload_ids[n], p_child_payload_values[n],
                ARRAY['Pending', 'Running', 'Suspended', 'ContinuedAsNew']) <> 'created' THEN
            v_message := format('An orchestration instance with ID ''%s'' already exists and has not finished.',
                p_child_instances[n]);
            INSERT INTO durabletask.new_events (task_hub, instance_id, execution_id, event_type, visible_time, data)
            VALUES (p_hub, p_instance, p_execution, 'SubOrchestrationInstanceFailed', now(),
                json_build_object('EventType', 9, 'TaskScheduledId', p_child_task_ids[n], 'Reason', v_message,
                    'FailureDetails', json_build_object(
                        'ErrorType', 'DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException',
                        'ErrorMessage', v_message, 'IsNonRetriable', true),
                    'EventId', -1, 'IsPlayed', false,
                    'Timestamp', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text);
        END IF;
    END LOOP;

    UPDATE durabletask.instances i
    SET execution_id = p_execution, name = p_name, version = p_version, runtime_status = p_status,
        input = CASE WHEN v_continued THEN p_input ELSE i.input END,
        tags = CASE WHEN v_continued THEN p_tags ELSE i.tags END,
        created_time = CASE WHEN v_continued THEN now() ELSE i.created_time END,
        output = p_output, custom_status = p_custom_status, failure_details = p_failure_details,
        last_updated_time = now(),
        completed_time = CASE WHEN v_finished THEN now() END,
        ready_time = durabletask.next_ready_time(p_hub, p_instance, p_status),
        lock_owner = CASE WHEN i.lock_owner IS DISTINCT FROM p_owner OR p_keep_lock THEN i.lock_owner END,
        lock_expiration = CASE
            WHEN i.lock_owner IS DISTINCT FROM p_owner THEN i.lock_expiration
            WHEN p_keep_lock THEN now() + p_lock
        END
    WHERE i.task_hub = p_hub AND i.instance_id = p_instance;

    RETURN QUERY SELECT 'C'::text, NULL::bigint, p_instance, p_execution, 'applied'::text, NULL::text, NULL::uuid,
        NULL::text, NULL::timestamptz;
    IF p_max_events > 0 THEN
        RETURN QUERY SELECT * FROM durabletask.claim_orchestration(p_hub, p_owner, p_lock, p_max_events);
    END IF;
END
$$;

-- Extends this worker's lock on an instance; returns the new expiry, or null when the lock is not
-- this worker's any more.
-- Locks: durabletask.instances (this row, if held by p_owner).
CREATE OR REPLACE FUNCTION durabletask.renew_orchestration_lock(p_hub text, p_owner text, p_instance text, p_lock interval)
RETURNS timestamptz
SET enable_seqscan = off
LANGUAGE sql AS $$
    UPDATE durabletask.instances i SET lock_expiration = now() + p_lock
    WHERE i.task_hub = p_hub AND i.instance_id = p_instance AND i.lock_owner = p_owner
    RETURNING i.lock_expiration
$$;

-- The next batch of an instance this worker holds in an extended session: as
-- durabletask.claim_orchestration returns it, an 'I' row (the lock's expiry in event_time) and up to
-- p_max_events visible inbox events ('E'), without history; with p_renew, extends the lock by p_lock.
-- No rows when the lock is no longer this worker's.
-- Locks: durabletask.instances (this row, when renewing); reads durabletask.new_events and
-- durabletask.payloads.
CREATE OR REPLACE FUNCTION durabletask.fetch_session_events(
    p_hub text, p_owner text, p_instance text, p_lock interval, p_max_events int, p_renew boolean)
RETURNS SETOF durabletask.claim_row
SET enable_seqscan = off
LANGUAGE plpgsql AS $$
DECLARE
    v_execution text;
    v_status text;
    v_expiration timestamptz;
BEGIN
    IF p_renew THEN
        UPDATE durabletask.instances i SET lock_expiration = now() + p_lock
        WHERE i.task_hub = p_hub AND i.instance_id = p_instance AND i.lock_owner = p_owner
        RETURNING i.execution_id, i.runtime_status, i.lock_expiration INTO v_execution, v_status, v_expiration;
    ELSE
        SELECT i.execution_id, i.runtime_status, i.lock_expiration INTO v_execution, v_status, v_expiration
        FROM durabletask.instances i
        WHERE i.task_hub = p_hub AND i.instance_id = p_instance AND i.lock_owner = p_owner;
    END IF;
    IF NOT FOUND THEN
        RETURN;
    END IF;

    RETURN QUERY SELECT 'I'::text, NULL::bigint, p_instance, v_execution, v_status, NULL::text, NULL::uuid, NULL::text, v_expiration;
    RETURN QUERY
    SELECT 'E'::text, e.seq, e.instance_id, e.execution_id, e.event_type, e.data, e.payload_id, p.value, e.visible_time
    FROM durabletask.new_events e
    LEFT JOIN durabletask.payloads p ON p.task_hub = p_hub AND p.instance_id = p_instance AND p.payload_id = e.payload_id
    WHERE e.task_hub = p_hub AND e.instance_id = p_instance AND e.visible_time <= now()
    ORDER BY e.seq
    LIMIT p_max_events;
END
$$;

-- Gives up this worker's lock on an instance without a checkpoint, effective after p_after (zero: at
-- once), deleting the events p_discard names (a batch DurableTask.Core dropped).
-- Locks, in order: durabletask.instances (this row, if held by p_owner), durabletask.new_events and
-- durabletask.payloads (p_discard).
CREATE OR REPLACE FUNCTION durabletask.release_orchestration(
    p_hub text, p_owner text, p_instance text, p_after interval, p_discard bigint[])
RETURNS void
SET enable_seqscan = off
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE durabletask.instances i
    SET lock_expiration = CASE WHEN p_after > interval '0' THEN least(i.lock_expiration, now() + p_after) END,
        lock_owner = CASE WHEN p_after > interval '0' THEN i.lock_owner END
    WHERE i.task_hub = p_hub AND i.instance_id = p_instance AND i.lock_owner = p_owner;
    IF FOUND AND cardinality(p_discard) > 0 THEN
        WITH gone AS (
            DELETE FROM durabletask.new_events e
            WHERE e.task_hub = p_hub AND e.instance_id = p_instance AND e.seq = ANY (p_discard)
            RETURNING e.payload_id)
        DELETE FROM durabletask.payloads p USING gone g
        WHERE p.task_hub = p_hub AND p.instance_id = p_instance AND p.payload_id = g.payload_id;
        UPDATE durabletask.instances i SET ready_time = durabletask.next_ready_time(p_hub, p_instance, i.runtime_status)
        WHERE i.task_hub = p_hub AND i.instance_id = p_instance;
    END IF;
END
$$;

-- Claims up to p_max of the oldest activity tasks that have no live lock, counting each claim.
-- (The picked tasks are updated by seq = ANY: a join back to the queue can get a plan that reads it all.)
-- Locks: durabletask.new_tasks (the claimed rows, FOR UPDATE SKIP LOCKED); reads durabletask.payloads.
CREATE OR REPLACE FUNCTION durabletask.claim_tasks(p_hub text, p_owner text, p_lock interval, p_max int)
RETURNS TABLE (
    seq bigint, instance_id text, execution_id text, data text, payload text, context text, dequeue_count int,
    lock_expiration timestamptz)
SET enable_seqscan = off
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_seqs bigint[];
BEGIN
    v_seqs := ARRAY(
        SELECT t.seq FROM durabletask.new_tasks t
        WHERE t.task_hub = p_hub AND (t.lock_expiration IS NULL OR t.lock_expiration < now())
        ORDER BY t.seq
        LIMIT p_max
        FOR UPDATE SKIP LOCKED);

    RETURN QUERY
    UPDATE durabletask.new_tasks t
    SET lock_owner = p_owner, lock_expiration = now() + p_lock, dequeue_count = t.dequeue_count + 1
    WHERE t.task_hub = p_hub AND t.seq = ANY (v_seqs)
    RETURNING t.seq, t.instance_id, t.execution_id, t.data,
        (SELECT p.value FROM durabletask.payloads p
         WHERE p.task_hub = p_hub AND p.instance_id = t.instance_id AND p.payload_id = t.payload_id),
        t.context, t.dequeue_count, t.lock_expiration;
END
$$;

-- Records activity results (p_types: TaskCompleted or TaskFailed, p_data their events): deletes each
-- finished task and, if its instance still runs the execution that scheduled it, adds the result to
-- that instance's inbox and marks the instance ready. A task already gone was finished by another
-- worker (a duplicate execution after its lock expired): its result is dropped. Returns each seq's
-- outcome ('applied', 'dropped' when the execution ended, or 'duplicate'), then, when p_claim_max > 0,
-- the tasks claimed for p_owner in the same transaction as durabletask.claim_tasks does (outcome
-- 'claimed', with the other columns).
-- Locks, in order: durabletask.new_tasks (the finished rows), durabletask.instances (their instances,
-- in instance id order), then inserts into durabletask.new_events and durabletask.payloads and deletes
-- the tasks' input payloads; then as durabletask.claim_tasks.
CREATE OR REPLACE FUNCTION durabletask.complete_tasks(
    p_hub text, p_seqs bigint[], p_types text[], p_data text[], p_payload_ids uuid[], p_payload_values text[],
    p_owner text, p_lock interval, p_claim_max int)
RETURNS TABLE (
    seq bigint, outcome text, instance_id text, execution_id text, data text, payload text, context text,
    dequeue_count int, lock_expiration timestamptz)
SET enable_seqscan = off
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_seqs bigint[];
    v_instances text[];
    v_executions text[];
    v_types text[];
    v_data text[];
    v_payload_ids uuid[];
    v_values text[];
    v_inputs uuid[];
    v_applied bigint[];
    v_woken text[];
    v_instance text;
BEGIN
    WITH done AS (
        DELETE FROM durabletask.new_tasks t
        USING unnest(p_seqs, p_types, p_data, p_payload_ids, p_payload_values)
            AS r(seq, event_type, data, payload_id, value)
        WHERE t.task_hub = p_hub AND t.seq = r.seq
        RETURNING t.seq, t.instance_id, t.execution_id, t.payload_id AS input_payload_id, r.event_type, r.data,
            r.payload_id, r.value)
    SELECT array_agg(d.seq ORDER BY d.seq), array_agg(d.instance_id ORDER BY d.seq),
        array_agg(d.execution_id ORDER BY d.seq), array_agg(d.event_type ORDER BY d.seq),
        array_agg(d.data ORDER BY d.seq), array_agg(d.payload_id ORDER BY d.seq),
        array_agg(d.value ORDER BY d.seq), array_agg(d.input_payload_id ORDER BY d.seq)
    INTO v_seqs, v_instances, v_executions, v_types, v_data, v_payload_ids, v_values, v_inputs
    FROM done d;

    IF v_seqs IS NOT NULL THEN
        PERFORM 1 FROM durabletask.instances i
        WHERE i.task_hub = p_hub AND i.instance_id = ANY (v_instances)
        ORDER BY i.instance_id
        FOR NO KEY UPDATE;

        WITH r AS (
            SELECT x.*
            FROM unnest(v_seqs, v_instances, v_executions, v_types, v_data, v_payload_ids, v_values)
                AS x(seq, instance_id, execution_id, event_type, data, payload_id, value)
            JOIN durabletask.instances i ON i.task_hub = p_hub AND i.instance_id = x.instance_id
            WHERE i.execution_id = x.execution_id AND durabletask.is_active(i.runtime_status)),
        events AS (
            INSERT INTO durabletask.new_events (task_hub, instance_id, execution_id, event_type, visible_time, data, payload_id)
            SELECT p_hub, r.instance_id, r.execution_id, r.event_type, now(), r.data, r.payload_id
            FROM r ORDER BY r.seq),
        payloads AS (
            INSERT INTO durabletask.payloads (task_hub, instance_id, payload_id, value)
            SELECT p_hub, r.instance_id, r.payload_id, r.value FROM r WHERE r.payload_id IS NOT NULL)
        SELECT array_agg(r.seq), array_agg(DISTINCT r.instance_id) INTO v_applied, v_woken FROM r;

        -- One instance at a time: by id = ANY, a plan made on stale statistics can read the whole hub.
        FOREACH v_instance IN ARRAY coalesce(v_woken, '{}') LOOP
            UPDATE durabletask.instances i SET ready_time = least(i.ready_time, now())
            WHERE i.task_hub = p_hub AND i.instance_id = v_instance;
        END LOOP;

        IF EXISTS (SELECT 1 FROM unnest(v_inputs) AS x(id) WHERE x.id IS NOT NULL) THEN
            DELETE FROM durabletask.payloads p
            USING unnest(v_instances, v_inputs) AS x(instance_id, payload_id)
            WHERE p.task_hub = p_hub AND p.instance_id = x.instance_id AND p.payload_id = x.payload_id;
        END IF;
    END IF;

    RETURN QUERY
    SELECT s.seq,
        CASE WHEN s.seq = ANY (v_applied) THEN 'applied' WHEN s.seq = ANY (v_seqs) THEN 'dropped' ELSE 'duplicate' END,
        NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::int, NULL::timestamptz
    FROM unnest(p_seqs) AS s(seq);
    IF p_claim_max > 0 THEN
        RETURN QUERY
        SELECT c.seq, 'claimed'::text, c.instance_id, c.execution_id, c.data, c.payload, c.context, c.dequeue_count,
            c.lock_expiration
        FROM durabletask.claim_tasks(p_hub, p_owner, p_lock, p_claim_max) c;
    END IF;
END
$$;

-- Extends this worker's lock on a task; returns the new expiry, or null when the task is gone or its
-- lock is not this worker's any more.
-- Locks: durabletask.new_tasks (this row, if held by p_owner).
CREATE OR REPLACE FUNCTION durabletask.renew_task_lock(p_hub text, p_owner text, p_seq bigint, p_lock interval)
RETURNS timestamptz
SET enable_seqscan = off
LANGUAGE sql AS $$
    UPDATE durabletask.new_tasks t SET lock_expiration = now() + p_lock
    WHERE t.task_hub = p_hub AND t.seq = p_seq AND t.lock_owner = p_owner
    RETURNING t.lock_expiration
$$;

-- Gives tasks back unfinished, claimable after p_after (zero: at once); a claim given back at once
-- (shutdown) does not count as a dequeue.
-- Locks: durabletask.new_tasks (the given rows held by p_owner).
CREATE OR REPLACE FUNCTION durabletask.release_tasks(p_hub text, p_owner text, p_seqs bigint[], p_after interval)
RETURNS void
SET enable_seqscan = off
LANGUAGE sql AS $$
    UPDATE durabletask.new_tasks t
    SET lock_expiration = CASE WHEN p_after > interval '0' THEN least(t.lock_expiration, now() + p_after) END,
        lock_owner = CASE WHEN p_after > interval '0' THEN t.lock_owner END,
        dequeue_count = CASE WHEN p_after > interval '0' THEN t.dequeue_count ELSE greatest(t.dequeue_count - 1, 0) END
    WHERE t.task_hub = p_hub AND t.seq = ANY (p_seqs) AND t.lock_owner = p_owner
$$;

-- One instance's state; input and output only when p_fetch_io.
-- Locks: none (reads durabletask.instances).
CREATE OR REPLACE FUNCTION durabletask.get_instance(p_hub text, p_instance text, p_fetch_io boolean)
RETURNS TABLE (
    instance_id text, execution_id text, name text, version text, runtime_status text, created_time timestamptz,
    last_updated_time timestamptz, completed_time timestamptz, scheduled_start_time timestamptz, input text,
    output text, custom_status text, failure_details text, tags text, parent text)
SET enable_seqscan = off
LANGUAGE sql STABLE AS $$
    SELECT i.instance_id, i.execution_id, i.name, i.version, i.runtime_status, i.created_time, i.last_updated_time,
        i.completed_time, i.scheduled_start_time, CASE WHEN p_fetch_io THEN i.input END,
        CASE WHEN p_fetch_io THEN i.output END, i.custom_status, i.failure_details, i.tags, i.parent
    FROM durabletask.instances i
    WHERE i.task_hub = p_hub AND i.instance_id = p_instance
$$;

-- Instances matching the filters (each null means "any"), in (created_time, instance_id) order, after
-- the key (p_after_time, p_after_id) when given; at most p_limit rows; input and output only when
-- p_fetch_io.
-- Locks: none (reads durabletask.instances).
CREATE OR REPLACE FUNCTION durabletask.query_instances(
    p_hub text, p_statuses text[], p_created_from timestamptz, p_created_to timestamptz, p_prefix text,
    p_after_time timestamptz, p_after_id text, p_limit int, p_fetch_io boolean)
RETURNS TABLE (
    instance_id text, execution_id text, name text, version text, runtime_status text, created_time timestamptz,
    last_updated_time timestamptz, completed_time timestamptz, scheduled_start_time timestamptz, input text,
    output text, custom_status text, failure_details text, tags text, parent text)
SET enable_seqscan = off
LANGUAGE sql STABLE AS $$
    SELECT i.instance_id, i.execution_id, i.name, i.version, i.runtime_status, i.created_time, i.last_updated_time,
        i.completed_time, i.scheduled_start_time, CASE WHEN p_fetch_io THEN i.input END,
        CASE WHEN p_fetch_io THEN i.output END, i.custom_status, i.failure_details, i.tags, i.parent
    FROM durabletask.instances i
    WHERE i.task_hub = p_hub
      AND (p_statuses IS NULL OR i.runtime_status = ANY (p_statuses))
      AND (p_created_from IS NULL OR i.created_time >= p_created_from)
      AND (p_created_to IS NULL OR i.created_time <= p_created_to)
      AND (p_prefix IS NULL OR starts_with(i.instance_id, p_prefix))
      AND (p_after_time IS NULL OR (i.created_time, i.instance_id) > (p_after_time, p_after_id))
    ORDER BY i.created_time, i.instance_id
    LIMIT p_limit
$$;

-- The live locks on the instances whose id starts with p_prefix and on those instances' activity tasks: per
-- worker, the latest expiry and how many orchestrations and activities it holds. Soonest expiry first.
-- Locks: none (reads durabletask.instances and durabletask.new_tasks).
CREATE OR REPLACE FUNCTION durabletask.held_locks(p_hub text, p_prefix text)
RETURNS TABLE (owner text, expires timestamptz, orchestrations int, activities int)
SET enable_seqscan = off
LANGUAGE sql STABLE AS $$
    SELECT l.lock_owner, max(l.lock_expiration), (count(*) FILTER (WHERE l.orchestration))::int,
        (count(*) FILTER (WHERE NOT l.orchestration))::int
    FROM (
        SELECT true AS orchestration, i.lock_owner, i.lock_expiration FROM durabletask.instances i
        WHERE i.task_hub = p_hub AND starts_with(i.instance_id, p_prefix) AND i.lock_expiration > now()
        UNION ALL
        SELECT false, t.lock_owner, t.lock_expiration FROM durabletask.new_tasks t
        WHERE t.task_hub = p_hub AND starts_with(t.instance_id, p_prefix) AND t.lock_expiration > now()
    ) l
    GROUP BY l.lock_owner
    ORDER BY 2
$$;

-- The history of an instance's execution (p_execution null: the current one), in order; no rows when
-- the instance or that execution is unknown.
-- Locks: none (reads durabletask.instances, durabletask.history and durabletask.payloads).
CREATE OR REPLACE FUNCTION durabletask.get_history(p_hub text, p_instance text, p_execution text)
RETURNS TABLE (event_type text, data text, payload text)
SET enable_seqscan = off
LANGUAGE sql STABLE AS $$
    SELECT h.event_type, h.data, p.value
    FROM durabletask.instances i
    JOIN durabletask.history h
        ON h.task_hub = p_hub AND h.instance_id = p_instance AND h.execution_id = coalesce(p_execution, i.execution_id)
    LEFT JOIN durabletask.payloads p ON p.task_hub = p_hub AND p.instance_id = p_instance AND p.payload_id = h.payload_id
    WHERE i.task_hub = p_hub AND i.instance_id = p_instance
    ORDER BY h.sequence_number
$$;

-- Deletes a finished instance and everything it left. Returns 1, or 0 when the instance is unknown or
-- has not finished.
-- Locks, in order: durabletask.instances (this row), then as durabletask.clear_instances.
CREATE OR REPLACE FUNCTION durabletask.purge_instance(p_hub text, p_instance text) RETURNS int
SET enable_seqscan = off
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM durabletask.instances i
    WHERE i.task_hub = p_hub AND i.instance_id = p_instance AND NOT durabletask.is_active(i.runtime_status);
    IF NOT FOUND THEN
        RETURN 0;
    END IF;
    PERFORM durabletask.clear_instances(p_hub, ARRAY[p_instance]);
    RETURN 1;
END
$$;

-- Deletes the finished instances whose p_time ('created', 'completed' or 'last_updated' time) lies in
-- [p_from, p_to] (each null: no bound) and whose status is in p_statuses (null: any finished status).
-- Returns how many.
-- Locks, in order: durabletask.instances (the matching rows, SKIP LOCKED), then as
-- durabletask.clear_instances.
CREATE OR REPLACE FUNCTION durabletask.purge_instances(
    p_hub text, p_time text, p_from timestamptz, p_to timestamptz, p_statuses text[])
RETURNS int
SET enable_seqscan = off
LANGUAGE plpgsql AS $$
DECLARE
    v_instances text[];
BEGIN
    WITH gone AS (
        DELETE FROM durabletask.instances i
        WHERE i.task_hub = p_hub AND (i.task_hub, i.instance_id) IN (
            SELECT c.task_hub, c.instance_id FROM durabletask.instances c
            WHERE c.task_hub = p_hub AND NOT durabletask.is_active(c.runtime_status)
              AND (p_statuses IS NULL OR c.runtime_status = ANY (p_statuses))
              AND (p_from IS NULL OR CASE p_time WHEN 'created' THEN c.created_time
                    WHEN 'completed' THEN c.completed_time ELSE c.last_updated_time END >= p_from)
              AND (p_to IS NULL OR CASE p_time WHEN 'created' THEN c.created_time
                    WHEN 'completed' THEN c.completed_time ELSE c.last_updated_time END <= p_to)
            FOR UPDATE SKIP LOCKED)
        RETURNING i.instance_id)
    SELECT coalesce(array_agg(g.instance_id), '{}') INTO v_instances FROM gone g;
    PERFORM durabletask.clear_instances(p_hub, v_instances);
    RETURN cardinality(v_instances);
END
$$;

-- Deletes every row of a task hub.
-- Locks: every table's rows of the hub, in the order instances, history, new_events, new_tasks, payloads.
CREATE OR REPLACE FUNCTION durabletask.delete_task_hub(p_hub text) RETURNS void
SET enable_seqscan = off
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM durabletask.instances WHERE task_hub = p_hub;
    DELETE FROM durabletask.history WHERE task_hub = p_hub;
    DELETE FROM durabletask.new_events WHERE task_hub = p_hub;
    DELETE FROM durabletask.new_tasks WHERE task_hub = p_hub;
    DELETE FROM durabletask.payloads WHERE task_hub = p_hub;
END
$$;
