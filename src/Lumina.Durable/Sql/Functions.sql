-- The task hub's operations, re-run after every migration (CREATE OR REPLACE). Each function is one
-- round trip and one transaction. The header of each says which tables it locks, in which order.
-- Functions that lock several instance rows lock them in instance id order, so they cannot deadlock
-- one another; a function that locks an instance row locks it before that instance's other rows.

-- Statuses of an instance that has not finished.
-- Locks: none.
CREATE OR REPLACE FUNCTION durable.active_status(p_status text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT p_status IN ('Pending', 'Running', 'Suspended', 'ContinuedAsNew')
$$;

-- Whether an event makes an instance claimable: a pending instance waits for its start (or a
-- terminate), a suspended one for a resume (or a terminate); the others take any event.
-- Locks: none.
CREATE OR REPLACE FUNCTION durable.eligible_event(p_status text, p_event_type text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE p_status
        WHEN 'Pending' THEN p_event_type IN ('ExecutionStarted', 'ExecutionTerminated')
        WHEN 'Suspended' THEN p_event_type IN ('ExecutionResumed', 'ExecutionTerminated')
        ELSE true
    END
$$;

-- When an instance in status p_status is next ready (durable.instances.ready_time): now when it has a
-- visible event it can take, else the earliest time such an event becomes visible (a timer, a delayed
-- start), else null. Now rather than the event's own time puts a busy instance behind the others that
-- are waiting, so claims take turns.
-- Locks: none (reads durable.new_events).
CREATE OR REPLACE FUNCTION durable.next_ready_time(p_hub text, p_instance text, p_status text)
RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM durable.new_events e
        WHERE e.task_hub = p_hub AND e.instance_id = p_instance AND e.visible_time <= now()
          AND durable.eligible_event(p_status, e.event_type)) THEN
        RETURN now();
    END IF;
    RETURN (
        SELECT min(e.visible_time) FROM durable.new_events e
        WHERE e.task_hub = p_hub AND e.instance_id = p_instance AND durable.eligible_event(p_status, e.event_type));
END
$$;

-- Creates an instance with its ExecutionStarted event (visible at p_start_time, null: now), or re-creates a
-- finished one under the same id with a new execution. Returns false, changing nothing, when an
-- instance with that id has not finished.
-- Locks: durable.instances (this row), then durable.history, durable.new_events, durable.new_tasks
-- (this instance's rows, when re-creating).
CREATE OR REPLACE FUNCTION durable.create_instance(
    p_hub text, p_instance text, p_name text, p_input text, p_start_time timestamptz,
    p_parent_instance text, p_parent_execution uuid, p_parent_task int)
RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    v_execution uuid := gen_random_uuid();
    v_status text;
BEGIN
    INSERT INTO durable.instances (task_hub, instance_id, execution_id, name, runtime_status, created_time,
        last_updated_time, input, parent_instance_id, parent_execution_id, parent_task_id, ready_time)
    VALUES (p_hub, p_instance, v_execution, p_name, 'Pending', now(), now(), p_input,
        p_parent_instance, p_parent_execution, p_parent_task, coalesce(p_start_time, now()))
    ON CONFLICT (task_hub, instance_id) DO NOTHING;

    IF NOT FOUND THEN
        SELECT i.runtime_status INTO v_status FROM durable.instances i
        WHERE i.task_hub = p_hub AND i.instance_id = p_instance FOR UPDATE;
        IF durable.active_status(v_status) THEN
            RETURN false;
        END IF;
        DELETE FROM durable.history h WHERE h.task_hub = p_hub AND h.instance_id = p_instance;
        DELETE FROM durable.new_events e WHERE e.task_hub = p_hub AND e.instance_id = p_instance;
        DELETE FROM durable.new_tasks t WHERE t.task_hub = p_hub AND t.instance_id = p_instance;
        UPDATE durable.instances i
        SET execution_id = v_execution, name = p_name, runtime_status = 'Pending', created_time = now(),
            last_updated_time = now(), completed_time = NULL, input = p_input, output = NULL,
            custom_status = NULL, parent_instance_id = p_parent_instance,
            parent_execution_id = p_parent_execution, parent_task_id = p_parent_task,
            history_version = 0, claim_count = 0, ready_time = coalesce(p_start_time, now()),
            lock_owner = NULL, lock_expiration = NULL
        WHERE i.task_hub = p_hub AND i.instance_id = p_instance;
    END IF;

    INSERT INTO durable.new_events (task_hub, instance_id, execution_id, event_type, visible_time)
    VALUES (p_hub, p_instance, v_execution, 'ExecutionStarted', coalesce(p_start_time, now()));
    RETURN true;
END
$$;

-- Adds an event for whichever execution runs (EventRaised, ExecutionTerminated, ExecutionSuspended,
-- ExecutionResumed) to an instance's inbox. Returns 'sent', 'not_found' or 'finished'.
-- Locks: durable.instances (this row), then inserts into durable.new_events.
CREATE OR REPLACE FUNCTION durable.send_event(
    p_hub text, p_instance text, p_event_type text, p_name text, p_payload text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_status text;
BEGIN
    SELECT i.runtime_status INTO v_status FROM durable.instances i
    WHERE i.task_hub = p_hub AND i.instance_id = p_instance FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RETURN 'not_found';
    END IF;
    IF NOT durable.active_status(v_status) THEN
        RETURN 'finished';
    END IF;
    INSERT INTO durable.new_events (task_hub, instance_id, event_type, name, payload, visible_time)
    VALUES (p_hub, p_instance, p_event_type, p_name, p_payload, now());
    IF durable.eligible_event(v_status, p_event_type) THEN
        UPDATE durable.instances i SET ready_time = least(i.ready_time, now())
        WHERE i.task_hub = p_hub AND i.instance_id = p_instance;
    END IF;
    RETURN 'sent';
END
$$;

-- Claims the instance that has been ready longest (see durable.next_ready_time) and has no live
-- lock, and returns it with up to p_max_events of its visible events (for a suspended instance, resume
-- and terminate first). Returns no row when there is no such work (or p_max_events is 0).
-- Locks: durable.instances (the claimed row, FOR UPDATE SKIP LOCKED); reads durable.new_events.
CREATE OR REPLACE FUNCTION durable.claim_orchestration(
    p_hub text, p_owner text, p_lock interval, p_max_events int)
RETURNS TABLE (
    instance_id text, execution_id uuid, name text, runtime_status text, input text,
    parent_instance_id text, parent_execution_id uuid, parent_task_id int, history_version int,
    claim_count int, event_seqs bigint[], event_executions uuid[], event_types text[],
    event_task_ids int[], event_names text[], event_payloads text[], event_visible_times timestamptz[],
    event_times timestamptz[])
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_instance text;
    v_status text;
    v_seqs bigint[];
BEGIN
    IF p_max_events < 1 THEN
        RETURN;
    END IF;

    SELECT i.instance_id, i.runtime_status INTO v_instance, v_status
    FROM durable.instances i
    WHERE i.task_hub = p_hub AND i.ready_time <= now()
      AND (i.lock_expiration IS NULL OR i.lock_expiration < now())
    ORDER BY i.ready_time
    LIMIT 1
    FOR UPDATE SKIP LOCKED;

    IF v_instance IS NULL THEN
        RETURN;
    END IF;

    IF NOT EXISTS (
        SELECT 1 FROM durable.new_events e
        WHERE e.task_hub = p_hub AND e.instance_id = v_instance AND e.visible_time <= now()
          AND durable.eligible_event(v_status, e.event_type)) THEN
        UPDATE durable.instances i SET ready_time = durable.next_ready_time(p_hub, v_instance, v_status)
        WHERE i.task_hub = p_hub AND i.instance_id = v_instance;
        RETURN;
    END IF;

    -- A suspended instance takes resume and terminate first; the others take their inbox in order.
    IF v_status = 'Suspended' THEN
        SELECT array_agg(x.seq ORDER BY x.control DESC, x.seq) INTO v_seqs FROM (
            SELECT e.seq, e.event_type IN ('ExecutionResumed', 'ExecutionTerminated') AS control
            FROM durable.new_events e
            WHERE e.task_hub = p_hub AND e.instance_id = v_instance AND e.visible_time <= now()
            ORDER BY control DESC, e.seq
            LIMIT p_max_events) x;
    ELSE
        SELECT array_agg(x.seq ORDER BY x.seq) INTO v_seqs FROM (
            SELECT e.seq FROM durable.new_events e
            WHERE e.task_hub = p_hub AND e.instance_id = v_instance AND e.visible_time <= now()
            ORDER BY e.seq
            LIMIT p_max_events) x;
    END IF;

    RETURN QUERY
    WITH claimed AS (
        UPDATE durable.instances i
        SET lock_owner = p_owner, lock_expiration = now() + p_lock, claim_count = i.claim_count + 1
        WHERE i.task_hub = p_hub AND i.instance_id = v_instance
        RETURNING i.instance_id, i.execution_id, i.name, i.runtime_status, i.input, i.parent_instance_id,
            i.parent_execution_id, i.parent_task_id, i.history_version, i.claim_count)
    SELECT c.instance_id, c.execution_id, c.name, c.runtime_status, c.input, c.parent_instance_id,
        c.parent_execution_id, c.parent_task_id, c.history_version, c.claim_count,
        b.seqs, b.executions, b.types, b.task_ids, b.names, b.payloads, b.visible_times, b.times
    FROM claimed c CROSS JOIN (
        SELECT array_agg(e.seq ORDER BY s.ord) AS seqs, array_agg(e.execution_id ORDER BY s.ord) AS executions,
            array_agg(e.event_type ORDER BY s.ord) AS types, array_agg(e.task_id ORDER BY s.ord) AS task_ids,
            array_agg(e.name ORDER BY s.ord) AS names, array_agg(e.payload ORDER BY s.ord) AS payloads,
            array_agg(e.visible_time ORDER BY s.ord) AS visible_times, array_agg(e.created_time ORDER BY s.ord) AS times
        FROM unnest(v_seqs) WITH ORDINALITY AS s(seq, ord)
        JOIN durable.new_events e ON e.task_hub = p_hub AND e.seq = s.seq) b;
END
$$;

-- The history of one execution, in order.
-- Locks: none (reads durable.history).
CREATE OR REPLACE FUNCTION durable.get_history(p_hub text, p_instance text, p_execution uuid)
RETURNS TABLE (
    event_type text, task_id int, name text, instance_ref text, payload text, fire_at timestamptz,
    event_time timestamptz)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT h.event_type, h.task_id, h.name, h.instance_ref, h.payload, h.fire_at, h.event_time
    FROM durable.history h
    WHERE h.task_hub = p_hub AND h.instance_id = p_instance AND h.execution_id = p_execution
    ORDER BY h.sequence_number;
END
$$;

-- Writes one episode of an instance: its history rows, status, output and custom status; new
-- activity tasks; outbound events (timers, events to other instances, the result to the parent);
-- sub-orchestration instances. Deletes the consumed events (all of the instance's events when it
-- finished), releases the lock and refreshes the ready time of every instance it touched. p_status
-- 'ContinuedAsNew' starts a new execution with input p_continue_input and drops the old execution's
-- history and timers. Outbound events for instances that do not exist or have finished are dropped.
-- Activity tasks of an ended execution stay queued: their results are dropped on completion.
-- applied is false, and nothing is written, when the instance is no longer at the execution and history
-- version the episode started from: a duplicate execution of the episode (after a lock takeover) is
-- dropped. Then, in the same transaction, claims this worker's next episode as durable.claim_orchestration
-- does with p_lock and p_max_events (0: none), and returns it in the other columns (null: none).
-- Locks, in order: durable.instances (this row, the targets of its events and existing child rows, in
-- instance id order), then durable.history and durable.new_events rows of this instance, then as
-- durable.claim_orchestration.
CREATE OR REPLACE FUNCTION durable.checkpoint_orchestration(
    p_hub text, p_instance text, p_execution uuid, p_version int, p_owner text,
    p_status text, p_custom_status text, p_output text, p_continue_input text, p_consumed bigint[],
    p_history_types text[], p_history_task_ids int[], p_history_names text[], p_history_refs text[],
    p_history_payloads text[], p_history_fire_ats timestamptz[], p_history_times timestamptz[],
    p_task_ids int[], p_task_names text[], p_task_payloads text[],
    p_event_instances text[], p_event_executions uuid[], p_event_types text[], p_event_task_ids int[],
    p_event_names text[], p_event_payloads text[], p_event_visible_times timestamptz[],
    p_child_instances text[], p_child_names text[], p_child_inputs text[], p_child_task_ids int[],
    p_lock interval, p_max_events int)
RETURNS TABLE (
    applied boolean, instance_id text, execution_id uuid, name text, runtime_status text, input text,
    parent_instance_id text, parent_execution_id uuid, parent_task_id int, history_version int,
    claim_count int, event_seqs bigint[], event_executions uuid[], event_types text[],
    event_task_ids int[], event_names text[], event_payloads text[], event_visible_times timestamptz[],
    event_times timestamptz[])
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_continue boolean := p_status = 'ContinuedAsNew';
    v_finished boolean := NOT durable.active_status(p_status);
    v_execution uuid := CASE WHEN p_status = 'ContinuedAsNew' THEN gen_random_uuid() ELSE p_execution END;
    v_count int := coalesce(array_length(p_history_types, 1), 0);
    v_current boolean;
BEGIN
    SELECT bool_or(i.instance_id = p_instance AND i.execution_id = p_execution AND i.history_version = p_version)
    INTO v_current
    FROM (SELECT i.instance_id, i.execution_id, i.history_version FROM durable.instances i
          WHERE i.task_hub = p_hub
            AND i.instance_id = ANY (array_append(p_event_instances || p_child_instances, p_instance))
          ORDER BY i.instance_id
          FOR NO KEY UPDATE) i;
    IF NOT coalesce(v_current, false) THEN
        RETURN QUERY SELECT false, c.* FROM (SELECT 1) one
            LEFT JOIN durable.claim_orchestration(p_hub, p_owner, p_lock, 0) c ON true;
        RETURN;
    END IF;

    IF v_continue THEN
        DELETE FROM durable.history h WHERE h.task_hub = p_hub AND h.instance_id = p_instance;
    ELSIF v_count > 0 THEN
        INSERT INTO durable.history (task_hub, instance_id, execution_id, sequence_number, event_type,
            task_id, name, instance_ref, payload, fire_at, event_time)
        SELECT p_hub, p_instance, p_execution, p_version + h.ord - 1, h.event_type, h.task_id, h.name,
            h.instance_ref, h.payload, h.fire_at, h.event_time
        FROM unnest(p_history_types, p_history_task_ids, p_history_names, p_history_refs,
            p_history_payloads, p_history_fire_ats, p_history_times)
            WITH ORDINALITY AS h(event_type, task_id, name, instance_ref, payload, fire_at, event_time, ord);
    END IF;

    IF v_finished THEN
        DELETE FROM durable.new_events e WHERE e.task_hub = p_hub AND e.instance_id = p_instance;
    ELSIF v_continue THEN
        DELETE FROM durable.new_events e
        WHERE e.task_hub = p_hub AND (e.seq = ANY (p_consumed) OR (e.instance_id = p_instance AND e.execution_id = p_execution));
        INSERT INTO durable.new_events (task_hub, instance_id, execution_id, event_type, visible_time)
        VALUES (p_hub, p_instance, v_execution, 'ExecutionStarted', now());
    ELSE
        DELETE FROM durable.new_events e WHERE e.task_hub = p_hub AND e.seq = ANY (p_consumed);
    END IF;

    IF cardinality(p_task_ids) > 0 THEN
        INSERT INTO durable.new_tasks (task_hub, instance_id, execution_id, task_id, name, payload)
        SELECT p_hub, p_instance, p_execution, t.task_id, t.name, t.payload
        FROM unnest(p_task_ids, p_task_names, p_task_payloads) AS t(task_id, name, payload);
    END IF;

    IF cardinality(p_event_instances) > 0 THEN
        INSERT INTO durable.new_events (task_hub, instance_id, execution_id, event_type, task_id, name,
            payload, visible_time)
        SELECT p_hub, e.instance_id, e.execution_id, e.event_type, e.task_id, e.name, e.payload,
            coalesce(e.visible_time, now())
        FROM unnest(p_event_instances, p_event_executions, p_event_types, p_event_task_ids, p_event_names,
            p_event_payloads, p_event_visible_times)
            AS e(instance_id, execution_id, event_type, task_id, name, payload, visible_time)
        WHERE EXISTS (
            SELECT 1 FROM durable.instances i
            WHERE i.task_hub = p_hub AND i.instance_id = e.instance_id AND durable.active_status(i.runtime_status));

        UPDATE durable.instances i SET ready_time = least(i.ready_time, e.visible_time)
        FROM (
            SELECT r.instance_id, min(coalesce(r.visible_time, now())) AS visible_time
            FROM unnest(p_event_instances, p_event_types, p_event_visible_times) AS r(instance_id, event_type, visible_time)
            JOIN durable.instances t ON t.task_hub = p_hub AND t.instance_id = r.instance_id
            WHERE r.instance_id <> p_instance AND durable.active_status(t.runtime_status)
              AND durable.eligible_event(t.runtime_status, r.event_type)
            GROUP BY r.instance_id) e
        WHERE i.task_hub = p_hub AND i.instance_id = e.instance_id;
    END IF;

    FOR n IN 1 .. coalesce(array_length(p_child_instances, 1), 0) LOOP
        IF NOT durable.create_instance(p_hub, p_child_instances[n], p_child_names[n], p_child_inputs[n],
                now(), p_instance, p_execution, p_child_task_ids[n]) THEN
            INSERT INTO durable.new_events (task_hub, instance_id, execution_id, event_type, task_id, name,
                payload, visible_time)
            VALUES (p_hub, p_instance, p_execution, 'SubOrchestrationInstanceFailed', p_child_task_ids[n],
                p_child_names[n],
                json_build_object('errorType', 'InstanceAlreadyExists', 'errorMessage',
                    format('An orchestration instance with ID ''%s'' already exists and has not finished.',
                        p_child_instances[n]))::text,
                now());
        END IF;
    END LOOP;

    UPDATE durable.instances i
    SET runtime_status = p_status, custom_status = p_custom_status, output = p_output,
        execution_id = v_execution,
        input = CASE WHEN v_continue THEN p_continue_input ELSE i.input END,
        history_version = CASE WHEN v_continue THEN 0 ELSE p_version + v_count END,
        last_updated_time = now(),
        completed_time = CASE WHEN v_finished THEN now() END,
        claim_count = 0,
        ready_time = durable.next_ready_time(p_hub, p_instance, p_status),
        lock_owner = CASE WHEN i.lock_owner = p_owner THEN NULL ELSE i.lock_owner END,
        lock_expiration = CASE WHEN i.lock_owner = p_owner THEN NULL ELSE i.lock_expiration END
    WHERE i.task_hub = p_hub AND i.instance_id = p_instance;

    RETURN QUERY SELECT true, c.* FROM (SELECT 1) one
        LEFT JOIN durable.claim_orchestration(p_hub, p_owner, p_lock, p_max_events) c ON true;
END
$$;

-- Extends the locks this worker holds on the given instances.
-- Locks: durable.instances (the given rows held by p_owner).
CREATE OR REPLACE FUNCTION durable.renew_orchestration_locks(
    p_hub text, p_owner text, p_instances text[], p_lock interval)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE durable.instances i SET lock_expiration = now() + p_lock
    WHERE i.task_hub = p_hub AND i.instance_id = ANY (p_instances) AND i.lock_owner = p_owner;
END
$$;

-- Gives up this worker's lock on an instance without a checkpoint (shutdown, a dropped duplicate, or
-- a finished instance's stray events, which p_discard deletes). The claim does not count towards
-- poison detection.
-- Locks, in order: durable.instances (this row, if held by p_owner), durable.new_events (p_discard).
CREATE OR REPLACE FUNCTION durable.release_orchestration(
    p_hub text, p_owner text, p_instance text, p_discard bigint[])
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE durable.instances i
    SET lock_owner = NULL, lock_expiration = NULL, claim_count = greatest(i.claim_count - 1, 0)
    WHERE i.task_hub = p_hub AND i.instance_id = p_instance AND i.lock_owner = p_owner;
    IF FOUND AND cardinality(p_discard) > 0 THEN
        DELETE FROM durable.new_events e
        WHERE e.task_hub = p_hub AND e.instance_id = p_instance AND e.seq = ANY (p_discard);
        UPDATE durable.instances i SET ready_time = durable.next_ready_time(p_hub, p_instance, i.runtime_status)
        WHERE i.task_hub = p_hub AND i.instance_id = p_instance;
    END IF;
END
$$;

-- Claims up to p_max of the oldest activity tasks that have no live lock, counting each claim.
-- (The picked tasks are updated by seq = ANY: a join back to the queue can get a plan that reads it all.)
-- Locks: durable.new_tasks (the claimed rows, FOR UPDATE SKIP LOCKED).
CREATE OR REPLACE FUNCTION durable.claim_tasks(p_hub text, p_owner text, p_lock interval, p_max int)
RETURNS TABLE (
    seq bigint, instance_id text, execution_id uuid, task_id int, name text, payload text,
    dequeue_count int)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_seqs bigint[];
BEGIN
    SELECT array_agg(x.seq) INTO v_seqs FROM (
        SELECT t.seq FROM durable.new_tasks t
        WHERE t.task_hub = p_hub AND (t.lock_expiration IS NULL OR t.lock_expiration < now())
        ORDER BY t.seq
        LIMIT p_max
        FOR UPDATE SKIP LOCKED) x;

    RETURN QUERY
    UPDATE durable.new_tasks t
    SET lock_owner = p_owner, lock_expiration = now() + p_lock, dequeue_count = t.dequeue_count + 1
    WHERE t.task_hub = p_hub AND t.seq = ANY (v_seqs)
    RETURNING t.seq, t.instance_id, t.execution_id, t.task_id, t.name, t.payload, t.dequeue_count;
END
$$;

-- Records activity results (p_types: TaskCompleted or TaskFailed): deletes each finished task and,
-- if its instance still runs the execution that scheduled it, adds the result to that instance's
-- inbox and marks the instance ready. A task already gone was finished by another worker (a duplicate
-- execution after its lock expired): its result is dropped. Returns how many results were applied and
-- how many instances they made ready that no worker holds (a held one is taken again by its holder).
-- Locks, in order: durable.new_tasks (the finished rows), then durable.instances (their instances,
-- in instance id order).
CREATE OR REPLACE FUNCTION durable.complete_tasks(
    p_hub text, p_seqs bigint[], p_types text[], p_payloads text[])
RETURNS TABLE (applied int, ready int)
LANGUAGE plpgsql AS $$
DECLARE
    v_applied int;
    v_ready int;
    v_instances text[];
BEGIN
    WITH done AS (
        DELETE FROM durable.new_tasks t
        USING unnest(p_seqs, p_types, p_payloads) AS r(seq, event_type, payload)
        WHERE t.task_hub = p_hub AND t.seq = r.seq
        RETURNING t.instance_id, t.execution_id, t.task_id, t.name, r.event_type, r.payload),
    inserted AS (
        INSERT INTO durable.new_events (task_hub, instance_id, execution_id, event_type, task_id, name,
            payload, visible_time)
        SELECT p_hub, d.instance_id, d.execution_id, d.event_type, d.task_id, d.name, d.payload, now()
        FROM done d
        WHERE EXISTS (
            SELECT 1 FROM durable.instances i
            WHERE i.task_hub = p_hub AND i.instance_id = d.instance_id
              AND i.execution_id = d.execution_id AND durable.active_status(i.runtime_status))
        RETURNING new_events.instance_id)
    SELECT count(*), array_agg(DISTINCT x.instance_id) INTO v_applied, v_instances FROM inserted x;

    PERFORM 1 FROM durable.instances i
    WHERE i.task_hub = p_hub AND i.instance_id = ANY (v_instances)
    ORDER BY i.instance_id
    FOR NO KEY UPDATE;
    WITH marked AS (
        UPDATE durable.instances i SET ready_time = least(i.ready_time, now())
        WHERE i.task_hub = p_hub AND i.instance_id = ANY (v_instances)
          AND durable.eligible_event(i.runtime_status, 'TaskCompleted')
        RETURNING i.lock_expiration)
    SELECT count(*) INTO v_ready FROM marked m WHERE m.lock_expiration IS NULL OR m.lock_expiration < now();
    RETURN QUERY SELECT v_applied, v_ready;
END
$$;

-- Extends the locks this worker holds on the given tasks.
-- Locks: durable.new_tasks (the given rows held by p_owner).
CREATE OR REPLACE FUNCTION durable.renew_task_locks(p_hub text, p_owner text, p_seqs bigint[], p_lock interval)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE durable.new_tasks t SET lock_expiration = now() + p_lock
    WHERE t.task_hub = p_hub AND t.seq = ANY (p_seqs) AND t.lock_owner = p_owner;
END
$$;

-- Gives tasks back unfinished (graceful shutdown): they become claimable at once and the claim does
-- not count towards poison detection.
-- Locks: durable.new_tasks (the given rows held by p_owner).
CREATE OR REPLACE FUNCTION durable.release_tasks(p_hub text, p_owner text, p_seqs bigint[])
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE durable.new_tasks t
    SET lock_owner = NULL, lock_expiration = NULL, dequeue_count = greatest(t.dequeue_count - 1, 0)
    WHERE t.task_hub = p_hub AND t.seq = ANY (p_seqs) AND t.lock_owner = p_owner;
END
$$;

-- One instance's status; input only when p_show_input.
-- Locks: none (reads durable.instances).
CREATE OR REPLACE FUNCTION durable.get_instance(p_hub text, p_instance text, p_show_input boolean)
RETURNS TABLE (
    instance_id text, execution_id uuid, name text, runtime_status text, created_time timestamptz,
    last_updated_time timestamptz, input text, output text, custom_status text)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT i.instance_id, i.execution_id, i.name, i.runtime_status, i.created_time, i.last_updated_time,
        CASE WHEN p_show_input THEN i.input END, i.output, i.custom_status
    FROM durable.instances i
    WHERE i.task_hub = p_hub AND i.instance_id = p_instance;
END
$$;

-- Instances matching the filters (each null means "any"), in (created_time, instance_id) order,
-- after the key (p_after_time, p_after_id) when given; at most p_limit rows.
-- Locks: none (reads durable.instances).
CREATE OR REPLACE FUNCTION durable.query_instances(
    p_hub text, p_statuses text[], p_created_from timestamptz, p_created_to timestamptz,
    p_prefix text, p_after_time timestamptz, p_after_id text, p_limit int, p_show_input boolean)
RETURNS TABLE (
    instance_id text, execution_id uuid, name text, runtime_status text, created_time timestamptz,
    last_updated_time timestamptz, input text, output text, custom_status text)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT i.instance_id, i.execution_id, i.name, i.runtime_status, i.created_time, i.last_updated_time,
        CASE WHEN p_show_input THEN i.input END, i.output, i.custom_status
    FROM durable.instances i
    WHERE i.task_hub = p_hub
      AND (p_statuses IS NULL OR i.runtime_status = ANY (p_statuses))
      AND (p_created_from IS NULL OR i.created_time >= p_created_from)
      AND (p_created_to IS NULL OR i.created_time <= p_created_to)
      AND (p_prefix IS NULL OR starts_with(i.instance_id, p_prefix))
      AND (p_after_time IS NULL OR (i.created_time, i.instance_id) > (p_after_time, p_after_id))
    ORDER BY i.created_time, i.instance_id
    LIMIT p_limit;
END
$$;

-- Deletes every row of the given instances.
-- Locks, in order: durable.instances, durable.history, durable.new_events, durable.new_tasks (their rows).
CREATE OR REPLACE FUNCTION durable.delete_instances(p_hub text, p_instances text[]) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    v_deleted int;
BEGIN
    DELETE FROM durable.instances i WHERE i.task_hub = p_hub AND i.instance_id = ANY (p_instances);
    GET DIAGNOSTICS v_deleted = ROW_COUNT;
    DELETE FROM durable.history h WHERE h.task_hub = p_hub AND h.instance_id = ANY (p_instances);
    DELETE FROM durable.new_events e WHERE e.task_hub = p_hub AND e.instance_id = ANY (p_instances);
    DELETE FROM durable.new_tasks t WHERE t.task_hub = p_hub AND t.instance_id = ANY (p_instances);
    RETURN v_deleted;
END
$$;

-- Deletes a finished instance and everything it left. Returns 'purged', 'not_found' or 'active'.
-- Locks, in order: durable.instances (this row), then as durable.delete_instances.
CREATE OR REPLACE FUNCTION durable.purge_instance(p_hub text, p_instance text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_status text;
BEGIN
    SELECT i.runtime_status INTO v_status FROM durable.instances i
    WHERE i.task_hub = p_hub AND i.instance_id = p_instance FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'not_found';
    END IF;
    IF durable.active_status(v_status) THEN
        RETURN 'active';
    END IF;
    PERFORM durable.delete_instances(p_hub, ARRAY[p_instance]);
    RETURN 'purged';
END
$$;

-- Deletes the finished instances created in [p_created_from, p_created_to] (p_created_to null: no
-- upper bound) whose status is in p_statuses (null: any finished status). Returns how many.
-- Locks, in order: durable.instances (the matching rows, SKIP LOCKED), then as durable.delete_instances.
CREATE OR REPLACE FUNCTION durable.purge_instances(
    p_hub text, p_created_from timestamptz, p_created_to timestamptz, p_statuses text[])
RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    v_instances text[];
BEGIN
    SELECT coalesce(array_agg(x.instance_id), '{}') INTO v_instances FROM (
        SELECT i.instance_id FROM durable.instances i
        WHERE i.task_hub = p_hub AND i.created_time >= p_created_from
          AND (p_created_to IS NULL OR i.created_time <= p_created_to)
          AND NOT durable.active_status(i.runtime_status)
          AND (p_statuses IS NULL OR i.runtime_status = ANY (p_statuses))
        FOR UPDATE SKIP LOCKED) x;
    RETURN durable.delete_instances(p_hub, v_instances);
END
$$;

-- Work waiting in a task hub: inbox events already visible, activity tasks free to claim, and activity
-- tasks some worker holds: a snapshot for hosts deciding whether to keep running.
-- Locks: none (reads durable.new_events and durable.new_tasks).
CREATE OR REPLACE FUNCTION durable.pending_work(p_task_hub text)
RETURNS TABLE (events bigint, free_tasks bigint, held_tasks bigint) LANGUAGE sql STABLE AS $$
    SELECT (SELECT count(*) FROM durable.new_events WHERE task_hub = p_task_hub AND visible_time <= now()),
           (SELECT count(*) FROM durable.new_tasks WHERE task_hub = p_task_hub AND (lock_expiration IS NULL OR lock_expiration < now())),
           (SELECT count(*) FROM durable.new_tasks WHERE task_hub = p_task_hub AND lock_expiration >= now());
$$;
