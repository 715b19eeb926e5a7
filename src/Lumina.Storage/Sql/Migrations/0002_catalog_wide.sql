-- Catalog-wide results (geohash, duplicate groups, bursts), CLIP embeddings and tags, and jobs.
-- Never edit once released: add a new numbered script instead.
ALTER TABLE lumina.images ADD COLUMN geohash text;

CREATE TABLE lumina.duplicate_groups (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    catalog_id    uuid        NOT NULL REFERENCES lumina.catalogs (id) ON DELETE CASCADE,
    best_image_id bigint      NOT NULL,
    threshold     int         NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX duplicate_groups_catalog ON lumina.duplicate_groups (catalog_id);

CREATE TABLE lumina.duplicate_members (
    group_id   bigint  NOT NULL REFERENCES lumina.duplicate_groups (id) ON DELETE CASCADE,
    image_id   bigint  NOT NULL REFERENCES lumina.images (id) ON DELETE CASCADE,
    distance   int     NOT NULL,
    exact_copy boolean NOT NULL,
    PRIMARY KEY (group_id, image_id)
);
CREATE UNIQUE INDEX duplicate_members_image ON lumina.duplicate_members (image_id);

CREATE TABLE lumina.bursts (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    catalog_id    uuid        NOT NULL REFERENCES lumina.catalogs (id) ON DELETE CASCADE,
    best_image_id bigint      NOT NULL,
    camera        text        NOT NULL,
    started_at    timestamp   NOT NULL,
    ended_at      timestamp   NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bursts_catalog ON lumina.bursts (catalog_id);

CREATE TABLE lumina.burst_members (
    burst_id bigint NOT NULL REFERENCES lumina.bursts (id) ON DELETE CASCADE,
    image_id bigint NOT NULL REFERENCES lumina.images (id) ON DELETE CASCADE,
    position int    NOT NULL,
    PRIMARY KEY (burst_id, image_id)
);
CREATE UNIQUE INDEX burst_members_image ON lumina.burst_members (image_id);

-- One L2-normalized embedding per image, little-endian float32, with the model that made it.
CREATE TABLE lumina.embeddings (
    image_id   bigint      PRIMARY KEY REFERENCES lumina.images (id) ON DELETE CASCADE,
    model      text        NOT NULL,
    vector     bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Tags by source: 'auto' ones are replaced by auto-tagging, 'manual' ones never are.
CREATE TABLE lumina.tags (
    image_id   bigint      NOT NULL REFERENCES lumina.images (id) ON DELETE CASCADE,
    tag        text        NOT NULL,
    source     text        NOT NULL CHECK (source IN ('auto', 'manual')),
    confidence real,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (image_id, tag, source)
);
CREATE INDEX tags_tag ON lumina.tags (tag);

-- Jobs started for a catalog: the durable orchestration instance that runs each, and its parameters.
CREATE TABLE lumina.jobs (
    id         text        PRIMARY KEY,
    catalog_id uuid        NOT NULL REFERENCES lumina.catalogs (id) ON DELETE CASCADE,
    type       text        NOT NULL,
    parameters jsonb       NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_catalog ON lumina.jobs (catalog_id, created_at DESC);

-- The images each batch activity of a job works on, so orchestration histories stay small. Keyed by the
-- orchestration instance, which for a rebuild's phases is a sub-orchestration not listed in jobs.
CREATE TABLE lumina.job_batches (
    job_id text  NOT NULL,
    batch  int   NOT NULL,
    images jsonb NOT NULL,
    PRIMARY KEY (job_id, batch)
);

-- Catalog-wide phases (duplicate and burst detection): when each last ran, with which algorithm
-- version; images analyzed after that are not covered yet.
CREATE TABLE lumina.catalog_phases (
    catalog_id   uuid        NOT NULL REFERENCES lumina.catalogs (id) ON DELETE CASCADE,
    phase        text        NOT NULL,
    version      int         NOT NULL,
    parameters   jsonb       NOT NULL DEFAULT '{}',
    completed_at timestamptz NOT NULL,
    PRIMARY KEY (catalog_id, phase)
);
