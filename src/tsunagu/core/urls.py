from django.urls import path

from tsunagu.core import audit_views, list_views, notification_views, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("audit/", audit_views.audit_list, name="audit_list"),
    path("audit/export.csv", audit_views.audit_export, name="audit_export"),
    path("healthz", views.health, name="health"),
    path("lists/", list_views.list_kinds, name="list_kinds"),
    path("lists/<str:kind>/", list_views.list_items, name="list_items"),
    path("notifications/", notification_views.notification_list, name="notifications"),
    path("notifications/<int:pk>/read/", notification_views.notification_read,
         name="notification_read"),
]
