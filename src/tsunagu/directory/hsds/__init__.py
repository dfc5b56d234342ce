"""Open Referral HSDS 3.0 exchange of the directory.

Every service keeps its fully nested HSDS document (``Service.document``, shaped as the HSDS
API's ``/services/{id}`` answers it: organization, service_at_locations with their location,
attributes with their taxonomy_term ...). Writing one — ``service_import``, ``service_create``,
``service_save`` — always does the same, visibly, in one transaction:

1. check the document against the official schema (hsds_schema/), then against what tsunagu
   needs (an organization; ids not used in another region); nothing is written on a problem;
2. write the shared objects it nests, by their HSDS ids: the organization (its ``locations``
   too), each location, each service_at_location, and every taxonomy term it names;
3. derive the typed columns (``extract_service_fields``) the directory searches and maps on;
4. bring the nested copies of the same organization and locations in the other services'
   documents up to date, so every document always equals what the API answers for it.

The exports give the stored documents back unchanged: importing an HSDS document and
exporting it gives back every field it had. Japanese addresses: state_province = 都道府県,
city = 市区町村 (matched to the region's municipalities), address_1 = 町域・番地,
address_2 = 建物, postal_code = 123-4567, country = JP.

One module per job: ``readers`` (small readers of document values), ``writer`` (the
DocumentWriter), ``fields`` (the typed columns), ``services`` (the public write functions),
``exports`` (the documents given back) and ``files`` (files of documents, all or nothing)."""
