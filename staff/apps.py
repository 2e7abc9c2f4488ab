from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class StaffConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "staff"
    verbose_name = "Staff"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from wagtail.admin.templatetags import wagtailadmin_tags
        from wagtail.models import GroupCollectionPermission, GroupPagePermission
        from wagtail.users.models import UserProfile

        from . import sidebar
        from .models import StaffProfile

        # Wagtail's own sidebar, kept per member of staff (staff/sidebar.py). Templates are
        # compiled after the apps are ready, so every admin page uses this tag.
        draw = wagtailadmin_tags.sidebar_props

        @wagtailadmin_tags.register.simple_tag(takes_context=True, name="sidebar_props")
        def sidebar_props(context):
            return sidebar.sidebar_kept(draw, context)

        User = get_user_model()
        # What a sidebar shows: who the user is, their roles and permissions, the notices
        # they dismissed.
        kept_by = (
            User,
            Group,
            StaffProfile,
            UserProfile,
            GroupPagePermission,
            GroupCollectionPermission,
        )
        for model in kept_by:
            for signal in (post_save, post_delete):
                signal.connect(
                    sidebar.on_sidebar_changed,
                    sender=model,
                    dispatch_uid=f"sidebar_{model._meta.label_lower}_{signal is post_save}",
                )
        for through in (
            User.groups.through,
            User.user_permissions.through,
            Group.permissions.through,
        ):
            m2m_changed.connect(
                sidebar.on_sidebar_changed,
                sender=through,
                dispatch_uid=f"sidebar_{through._meta.label_lower}",
            )
