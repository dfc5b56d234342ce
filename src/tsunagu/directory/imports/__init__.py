"""Official open data into the directory: WAM NET 障害福祉サービス等情報公表 (``wam``), and the
municipality of an address matched against the region's (``places``)."""
