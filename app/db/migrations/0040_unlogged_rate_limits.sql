-- Rate-limit counters are written on every form step and failed sign-in, and each such write
-- waited for the disk to confirm the write-ahead log before the answer could go out. An unlogged
-- table writes no write-ahead log, so its commits do not wait for the disk. What that costs: after
-- a crash of the database server (not a clean restart) the counters start from zero, and a standby
-- server does not have them; a limit then counts again from the start of its window, which is
-- harmless for counters of an hour at most.
ALTER TABLE rate_limit_counter SET UNLOGGED;
