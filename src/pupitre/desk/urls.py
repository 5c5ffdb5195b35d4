from django.urls import path

from . import views

app_name = "desk"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("tickets/<str:number>/", views.ticket_detail, name="ticket"),
    path("tickets/<str:number>/message/", views.ticket_message, name="message"),
    path("tickets/<str:number>/assign/", views.ticket_assign, name="assign"),
    path("tickets/<str:number>/status/", views.ticket_status, name="status"),
    path("tickets/<str:number>/priority/", views.ticket_priority, name="priority"),
    path("tickets/<str:number>/team/", views.ticket_team, name="team"),
    path("phone/", views.phone_call, name="phone"),
]
