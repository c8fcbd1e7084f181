from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "openvorgang.search"
    label = "search"
    verbose_name = "Volltextsuche"
