import pytest


@pytest.fixture
def starter_content(db):
    from cms.services import starter_content_ensure

    return starter_content_ensure()


@pytest.fixture
def editor(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="editor", password="correct horse battery staple", email="editor@example.org"
    )
