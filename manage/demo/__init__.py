"""Demo data (demo mode only): the seeds' blocs and outcomes plus synthetic scores."""

from manage.demo.build import demo_loaded, load_demo

__all__ = ["demo_loaded", "load_demo"]
