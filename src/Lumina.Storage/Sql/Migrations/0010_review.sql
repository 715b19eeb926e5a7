-- The web UI: the library's newest-first order, review decisions on duplicate groups and bursts, and the
-- moves of rejected originals. Never edit once released: add a new numbered script instead.

-- The library lists present images newest first (capture time, those without one last, then id) by keyset.
CREATE INDEX images_newest ON lumina.images (catalog_id, (coalesce(selected_date, '-infinity'::timestamp)), id)
    WHERE removed_at IS NULL;

-- Groups and bursts are reviewed one at a time in id order (index i of N, previous and next).
CREATE INDEX duplicate_groups_order ON lumina.duplicate_groups (catalog_id, id);
CREATE INDEX bursts_order ON lumina.bursts (catalog_id, id);
DROP INDEX lumina.duplicate_groups_catalog;
DROP INDEX lumina.bursts_catalog;

-- A person's keep or reject of one member of a duplicate group or a burst. Detection replaces groups (new ids),
-- so a decision names the group by its members (image ids, ascending) as they were when it was made: it applies
-- to the group that has exactly those members, and stays as history when the group changes. A decision replaced
-- by a later one, or undone, is ended, never deleted. One request's decisions share an action id (undo as one).
CREATE TABLE lumina.review_decisions (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    catalog_id uuid        NOT NULL REFERENCES lumina.catalogs (id) ON DELETE CASCADE,
    kind       text        NOT NULL CHECK (kind IN ('duplicates', 'bursts')),
    members    bigint[]    NOT NULL,
    image_id   bigint      NOT NULL REFERENCES lumina.images (id) ON DELETE CASCADE,
    decision   text        NOT NULL CHECK (decision IN ('keep', 'reject')),
    choice     text        CHECK (choice IN ('keep-best', 'keep-all', 'pick')),
    action     uuid        NOT NULL,
    decided_at timestamptz NOT NULL DEFAULT now(),
    ended_at   timestamptz,
    ended_how  text        CHECK (ended_how IN ('replaced', 'undone'))
);
CREATE UNIQUE INDEX review_decisions_standing ON lumina.review_decisions (catalog_id, kind, members, image_id) WHERE ended_at IS NULL;
CREATE INDEX review_decisions_action ON lumina.review_decisions (action);
CREATE INDEX review_decisions_image ON lumina.review_decisions (image_id);

-- Rejected originals moved out of a folder catalog (or marked on their blobs), each file recorded so that a
-- restore puts it back. Operational records, like jobs: not part of a catalog's backups.
CREATE TABLE lumina.rejected_moves (
    id          uuid        PRIMARY KEY,
    catalog_id  uuid        NOT NULL REFERENCES lumina.catalogs (id) ON DELETE CASCADE,
    folder      text,
    backup      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    restored_at timestamptz
);
CREATE INDEX rejected_moves_catalog ON lumina.rejected_moves (catalog_id, created_at DESC);

CREATE TABLE lumina.rejected_files (
    move_id     uuid        NOT NULL REFERENCES lumina.rejected_moves (id) ON DELETE CASCADE,
    image_id    bigint      NOT NULL,
    path        text        NOT NULL,
    destination text,
    moved_at    timestamptz NOT NULL DEFAULT now(),
    restored_at timestamptz,
    PRIMARY KEY (move_id, image_id)
);
