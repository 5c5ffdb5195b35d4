from django.http import HttpResponse

def home(r): return HttpResponse()
switch_language=download_attachment=error_500=home
def error_403(r, exception=None): pass
error_404=error_403
