-- tricolor-only
-- The main script's end stops the workers it leaves behind (the CLI exits).
worker.spawn("while true do end")
worker.spawn("worker.receive()")
print("main done")
-- expect: main done
