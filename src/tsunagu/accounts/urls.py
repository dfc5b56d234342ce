from django.urls import path

from tsunagu.accounts import manage_views, reset_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout, name="logout"),
    path("otp/", views.otp_verify, name="otp_verify"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("otp/recovery/", views.otp_recovery, name="otp_recovery"),
    path("otp/key/options/", views.otp_security_key_options, name="otp_security_key_options"),
    path("otp/key/", views.otp_security_key, name="otp_security_key"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("security-keys/", views.security_key_list, name="security_keys"),
    path("security-keys/options/", views.security_key_register_options,
         name="security_key_register_options"),
    path("security-keys/register/", views.security_key_register, name="security_key_register"),
    path("", views.account, name="account"),
    path("affiliation/", views.affiliation_switch, name="affiliation_switch"),
    path("sessions/end-all/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", reset_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        reset_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        reset_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        reset_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("manage/", manage_views.user_list, name="user_list"),
    path("manage/new/", manage_views.user_new, name="user_new"),
    path("manage/<int:pk>/", manage_views.user_edit, name="user_edit"),
    path("manage/<int:pk>/reset-otp/", manage_views.user_reset_otp, name="user_reset_otp"),
    path(
        "manage/<int:pk>/affiliations/",
        manage_views.user_affiliation_add,
        name="user_affiliation_add",
    ),
    path(
        "manage/<int:pk>/affiliations/<int:affiliation_pk>/remove/",
        manage_views.user_affiliation_remove,
        name="user_affiliation_remove",
    ),
]
