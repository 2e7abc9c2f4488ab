from wagtail import hooks


@hooks.register("register_admin_urls")
def register_otp_urls():
    from .otp import urlpatterns

    return urlpatterns
