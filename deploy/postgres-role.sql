-- The role and database linli runs on in PostgreSQL, with least privilege. Run once, as a
-- superuser, on the database server:
--   sudo -u postgres psql -v ON_ERROR_STOP=1 -f deploy/postgres-role.sql
-- then give the role a password (or use peer authentication over the Unix socket):
--   sudo -u postgres psql -c '\password linli'
-- and start linli with --db postgresql://linli@HOST:5432/linli, the password in LINLI_DB_PASSWORD.
--
-- What linli may do: log in (a bounded number of connections), connect to its database, and own
-- one schema there, where it creates and migrates its tables at start. What it may not:
-- superuser, create databases or roles, replicate, bypass row security, or create anything in the
-- public schema. The database itself belongs to the superuser, so the role can neither drop it nor
-- change who else may connect. Other databases on the server keep their own grants: PostgreSQL
-- lets PUBLIC connect to a new database unless revoked (REVOKE CONNECT ON DATABASE x FROM PUBLIC).

CREATE ROLE linli LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  NOINHERIT CONNECTION LIMIT 64;  -- instances x (writer + reader + robot keys + migrate), spare

CREATE DATABASE linli ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
-- Only the roles granted it may connect: not PUBLIC, which every role is a member of.
REVOKE ALL ON DATABASE linli FROM PUBLIC;
GRANT CONNECT ON DATABASE linli TO linli;

\connect linli
REVOKE ALL ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA linli AUTHORIZATION linli;
ALTER ROLE linli IN DATABASE linli SET search_path = linli;
-- A statement stuck on a lock (another instance's chat) fails instead of waiting for ever; the
-- webhook then answers 503 and the platform redelivers.
ALTER ROLE linli IN DATABASE linli SET lock_timeout = '30s';
ALTER ROLE linli IN DATABASE linli SET idle_in_transaction_session_timeout = '60s';
