# Odoo 18.0 (official image) with the Python requirements of the energy suite.
# Our addons are mounted at /mnt/extra-addons by docker-compose.yml.
FROM odoo:18.0

USER root
COPY requirements.txt /tmp/energy/requirements.txt
COPY scripts/docker-init /usr/local/bin/energy-init
# The image installs Odoo and most of its libraries from Debian packages:
# - the OCA wheels declare a dependency on the "odoo" distribution, which pip
#   does not see there, so they go in without dependencies (they have none else);
# - gestionatr pins lxml<5 while the image ships lxml 5, which it works with:
#   it goes in without dependencies too, its own dependencies listed here;
# - num2words and reportlab already come with the image.
RUN set -eux; \
    cd /tmp/energy; \
    grep -E '^odoo-addon-' requirements.txt > oca.txt; \
    grep -vE '^(odoo-addon-|gestionatr|num2words|reportlab|#|$)' requirements.txt > libs.txt; \
    pip3 install --no-cache-dir --break-system-packages -r libs.txt; \
    pip3 install --no-cache-dir --break-system-packages --no-deps -r oca.txt; \
    pip3 install --no-cache-dir --break-system-packages --no-deps \
        "$(grep -E '^gestionatr==' requirements.txt | cut -d' ' -f1)" \
        libcomxml==3.2.0 workdays==1.4 suds-community==1.2.0; \
    pip3 install --no-cache-dir --break-system-packages click six; \
    chmod 755 /usr/local/bin/energy-init; \
    rm -rf /tmp/energy

USER odoo
