"""What happens to a project after registration: statuses, timelines, results."""
