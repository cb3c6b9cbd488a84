-- Trigram indexes (typo-tolerant product and customer search) need pg_trgm. A trusted extension since
-- PostgreSQL 13: the database owner may create it without superuser rights.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
