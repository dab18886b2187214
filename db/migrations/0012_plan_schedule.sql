-- Whether a plan's order and dates are proven best (issue #14: scheduling
-- as part of planning; core/schedule/step_order.h). Plans saved before were
-- dated in the planner's order: 0.
ALTER TABLE plans ADD COLUMN schedule_optimal INTEGER NOT NULL DEFAULT 0;
