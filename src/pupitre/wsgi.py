import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pupitre.settings")
application = get_wsgi_application()

# What loading Django and the project made lives as long as the process:
# freezing it keeps the garbage collector's full passes to the objects of
# requests. Without it, one request in a few pays a pass over every object of
# the process, several milliseconds on this machine (bench/README.md).
gc.freeze()
