-- The task hubs of the PostgreSQL provider for the Durable Task Framework (after durabletask-mssql's
-- design): orchestration instances, their history, their inbox (new_events), the activity queue
-- (new_tasks) and large values (payloads). Every table is keyed by task hub first, so that hubs share
-- one database without seeing each other. There are no foreign keys: the functions in Functions.sql
-- add and remove an instance's rows together.
--
-- Events are stored as DurableTask.Core's own JSON of the HistoryEvent (data), typed by event_type.
-- When one is larger than the provider's inline limit, its large field (an input, a result, failure
-- details) is moved to durabletask.payloads and data keeps the rest; payload_id names the row.
CREATE SCHEMA IF NOT EXISTS durabletask;

-- One row per orchestration instance; execution_id changes on ContinueAsNew and when the instance is
-- created again. ready_time: when the instance next has an inbox event it can take (null: none), kept
-- by every function that adds or removes events, so that a claim finds work without reading inboxes.
-- lock_owner/lock_expiration: the worker that holds the instance for an episode.
CREATE TABLE durabletask.instances (
    task_hub             text        NOT NULL,
    instance_id          text        NOT NULL,
    execution_id         text        NOT NULL,
    name                 text        NOT NULL,
    version              text,
    runtime_status       text        NOT NULL,
    created_time         timestamptz NOT NULL,
    last_updated_time    timestamptz NOT NULL,
    completed_time       timestamptz,
    scheduled_start_time timestamptz,
    input                text,
    output               text,
    custom_status        text,
    failure_details      text,
    tags                 text,
    parent_instance_id   text,
    parent               text,
    ready_time           timestamptz,
    lock_owner           text,
    lock_expiration      timestamptz,
    PRIMARY KEY (task_hub, instance_id)
);

CREATE INDEX instances_by_created_time ON durabletask.instances (task_hub, created_time, instance_id);
CREATE INDEX instances_by_ready_time ON durabletask.instances (task_hub, ready_time) WHERE ready_time IS NOT NULL;

-- The history of each instance's current execution, numbered from 0. The primary key is what catches a
-- duplicate episode (a worker whose lock expired checkpointing after another did): its rows collide.
-- task_id: the event id of scheduling events, the scheduling event's id for their results.
CREATE TABLE durabletask.history (
    task_hub        text        NOT NULL,
    instance_id     text        NOT NULL,
    execution_id    text        NOT NULL,
    sequence_number int         NOT NULL,
    event_type      text        NOT NULL,
    task_id         int,
    event_time      timestamptz NOT NULL,
    data            text        NOT NULL,
    payload_id      uuid,
    PRIMARY KEY (task_hub, instance_id, execution_id, sequence_number)
);

-- The orchestration inbox, in order per instance (seq). visible_time in the future holds timers and
-- delayed starts. execution_id: the execution an event is meant for (null: whichever runs).
CREATE TABLE durabletask.new_events (
    task_hub     text        NOT NULL,
    instance_id  text        NOT NULL,
    seq          bigint      GENERATED ALWAYS AS IDENTITY,
    execution_id text,
    event_type   text        NOT NULL,
    visible_time timestamptz NOT NULL,
    created_time timestamptz NOT NULL DEFAULT now(),
    data         text        NOT NULL,
    payload_id   uuid,
    PRIMARY KEY (task_hub, instance_id, seq)
);

-- The activity queue, oldest first (seq). A claimed task carries its worker and lock expiry;
-- dequeue_count counts its claims. context: the orchestration's tags, as DurableTask.Core passes them.
CREATE TABLE durabletask.new_tasks (
    task_hub        text        NOT NULL,
    seq             bigint      GENERATED ALWAYS AS IDENTITY,
    instance_id     text        NOT NULL,
    execution_id    text        NOT NULL,
    name            text        NOT NULL,
    task_id         int         NOT NULL,
    created_time    timestamptz NOT NULL DEFAULT now(),
    lock_owner      text,
    lock_expiration timestamptz,
    dequeue_count   int         NOT NULL DEFAULT 0,
    data            text        NOT NULL,
    payload_id      uuid,
    context         text,
    PRIMARY KEY (task_hub, seq)
);

CREATE INDEX new_tasks_by_instance ON durabletask.new_tasks (task_hub, instance_id);

-- Large values of events, referenced by payload_id from history, new_events and new_tasks rows of the
-- same instance.
CREATE TABLE durabletask.payloads (
    task_hub    text NOT NULL,
    instance_id text NOT NULL,
    payload_id  uuid NOT NULL,
    value       text NOT NULL,
    PRIMARY KEY (task_hub, instance_id, payload_id)
);

-- The rows by which the claim functions return an instance, its inbox batch and its history in one
-- result (see durabletask.claim_orchestration for what each kind carries).
CREATE TYPE durabletask.claim_row AS (
    kind         text,
    seq          bigint,
    instance_id  text,
    execution_id text,
    event_type   text,
    data         text,
    payload_id   uuid,
    payload      text,
    event_time   timestamptz
);
