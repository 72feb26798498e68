"""The HTTP layer around the app: pure ASGI middleware, each concern in its own module, wired
in app.main.create_app (outermost first: envelope → origin → hygiene → limits → head), and the
uvicorn server settings (server.py)."""
