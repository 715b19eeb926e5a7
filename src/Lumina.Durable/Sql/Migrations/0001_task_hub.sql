-- The durable task hub (after the durabletask-mssql design): orchestration instances, their history,
-- their inbox (new_events) and the activity queue (new_tasks). Every table is keyed by task hub first
-- so that several hubs share one database. There are no foreign keys: the functions in Functions.sql
-- add and remove an instance's rows together. Payloads (inputs, outputs, results) are JSON text kept
-- inline; PostgreSQL moves large values out of line (TOAST) by itself.
CREATE SCHEMA IF NOT EXISTS durable;

-- One row per orchestration instance. execution_id changes on ContinueAsNew and on re-creation.
-- history_version counts the history rows of the current execution: a checkpoint names the version it
-- started from, so a second checkpoint of the same episode (a duplicate execution) is dropped.
-- ready_time: when the instance next has an event it can take (null: none), so that a claim finds work
-- without scanning the inbox of busy instances. lock_owner/lock_expiration: the worker running an
-- episode; claim_count: claims since the last checkpoint (poison detection).
CREATE TABLE durable.instances (
    task_hub            text        NOT NULL,
    instance_id         text        NOT NULL,
    execution_id        uuid        NOT NULL,
    name                text        NOT NULL,
    runtime_status      text        NOT NULL,
    created_time        timestamptz NOT NULL,
    last_updated_time   timestamptz NOT NULL,
    completed_time      timestamptz,
    input               text,
    output              text,
    custom_status       text,
    parent_instance_id  text,
    parent_execution_id uuid,
    parent_task_id      int,
    history_version     int         NOT NULL DEFAULT 0,
    claim_count         int         NOT NULL DEFAULT 0,
    ready_time          timestamptz,
    lock_owner          text,
    lock_expiration     timestamptz,
    PRIMARY KEY (task_hub, instance_id)
);

CREATE INDEX instances_by_created_time ON durable.instances (task_hub, created_time, instance_id);
CREATE INDEX instances_by_ready_time ON durable.instances (task_hub, ready_time) WHERE ready_time IS NOT NULL;

-- The history of each execution, numbered from 0. task_id is the event id of scheduling events
-- (TaskScheduled, TimerCreated, SubOrchestrationInstanceCreated, EventSent) and the id of the
-- scheduling event for completions. instance_ref is the child or target instance.
CREATE TABLE durable.history (
    task_hub        text        NOT NULL,
    instance_id     text        NOT NULL,
    execution_id    uuid        NOT NULL,
    sequence_number int         NOT NULL,
    event_type      text        NOT NULL,
    task_id         int,
    name            text,
    instance_ref    text,
    payload         text,
    fire_at         timestamptz,
    event_time      timestamptz NOT NULL,
    PRIMARY KEY (task_hub, instance_id, execution_id, sequence_number)
);

-- The orchestration inbox, FIFO by seq. visible_time in the future holds timers and delayed starts.
-- execution_id is set on events that belong to one execution (task results, timers) and null on
-- events for whichever execution runs (external events, terminate, suspend, resume).
CREATE TABLE durable.new_events (
    task_hub     text        NOT NULL,
    seq          bigint      GENERATED ALWAYS AS IDENTITY,
    instance_id  text        NOT NULL,
    execution_id uuid,
    event_type   text        NOT NULL,
    task_id      int,
    name         text,
    payload      text,
    visible_time timestamptz NOT NULL,
    created_time timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (task_hub, seq)
);

CREATE INDEX new_events_by_instance ON durable.new_events (task_hub, instance_id, seq);

-- The activity queue. A claimed task carries its worker and lock expiry; dequeue_count counts claims.
CREATE TABLE durable.new_tasks (
    task_hub        text        NOT NULL,
    seq             bigint      GENERATED ALWAYS AS IDENTITY,
    instance_id     text        NOT NULL,
    execution_id    uuid        NOT NULL,
    task_id         int         NOT NULL,
    name            text        NOT NULL,
    payload         text,
    created_time    timestamptz NOT NULL DEFAULT now(),
    lock_owner      text,
    lock_expiration timestamptz,
    dequeue_count   int         NOT NULL DEFAULT 0,
    PRIMARY KEY (task_hub, seq),
    UNIQUE (task_hub, instance_id, execution_id, task_id)
);
